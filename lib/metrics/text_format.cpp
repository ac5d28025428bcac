#include "metrics/text_format.h"

#include <charconv>
#include <cmath>

namespace ntpmon::metrics {

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "NaN";
  return std::string(buf, end);
}

namespace {

bool name_char(char c, bool first, bool colon_ok) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

// name{a="x",b="y"} with an optional extra label (le for histogram buckets).
void write_series(std::string& out, std::string_view name, std::string_view suffix,
                  const std::vector<std::string>& names, const std::vector<std::string>& values,
                  std::string_view extra_name = {}, std::string_view extra_value = {}) {
  out.append(name);
  out.append(suffix);
  if (names.empty() && extra_name.empty()) return;
  out.push_back('{');
  bool first = true;
  auto label = [&](std::string_view n, std::string_view v) {
    if (!first) out.push_back(',');
    first = false;
    out.append(n);
    out += "=\"";
    out += escape_label_value(v);
    out.push_back('"');
  };
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) label(names[i], values[i]);
  if (!extra_name.empty()) label(extra_name, extra_value);
  out.push_back('}');
}

void write_line(std::string& out, double value) {
  out.push_back(' ');
  out += format_value(value);
  out.push_back('\n');
}

}  // namespace

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, true)) return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) {
  if (name.empty() || name.starts_with("__")) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, false)) return false;
  }
  return true;
}

void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Counter& counter) {
  write_series(out, name, "", label_names, label_values);
  write_line(out, counter.value());
}

void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Gauge& gauge) {
  write_series(out, name, "", label_names, label_values);
  write_line(out, gauge.value());
}

void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Histogram& histogram) {
  Histogram::Snapshot s = histogram.snapshot();
  for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
    std::string le = i < s.bounds.size() ? format_value(s.bounds[i]) : "+Inf";
    write_series(out, name, "_bucket", label_names, label_values, "le", le);
    write_line(out, static_cast<double>(s.cumulative[i]));
  }
  write_series(out, name, "_sum", label_names, label_values);
  write_line(out, s.sum);
  write_series(out, name, "_count", label_names, label_values);
  write_line(out, static_cast<double>(s.count));
}

}  // namespace ntpmon::metrics
