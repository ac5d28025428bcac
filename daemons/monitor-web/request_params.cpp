#include "request_params.h"

#include <charconv>

namespace ntpmon::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // truncated escape
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-._~!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

QueryParams::QueryParams(std::string_view raw) {
  while (!raw.empty()) {
    std::size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (pair.empty() || pair.find(';') != std::string_view::npos) continue;
    std::size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) continue;
    pairs_.emplace_back(std::move(*key), std::move(*value));
  }
}

std::optional<std::string_view> QueryParams::get(std::string_view name) const {
  for (const auto& [key, value] : pairs_) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> parse_uint32(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text[0] == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

int parse_limit(std::optional<std::string_view> text) {
  if (!text) return kDefaultLimit;
  auto value = parse_int64(*text);
  if (!value || *value < 0) return kDefaultLimit;
  if (*value > kMaxLimit) return kMaxLimit;
  return static_cast<int>(*value);
}

std::optional<std::int64_t> parse_since(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  auto value = parse_int64(*text);
  if (!value || *value <= 0) return std::nullopt;
  return value;
}

MonitorSelector parse_monitor_selector(std::optional<std::string_view> text) {
  MonitorSelector out;
  if (!text || text->empty()) return out;
  if (*text == "*") {
    out.kind = MonitorSelector::Kind::all;
    return out;
  }
  if (auto id = parse_uint32(*text)) {
    out.kind = *id == 0 ? MonitorSelector::Kind::all : MonitorSelector::Kind::id;
    out.id = *id;
    return out;
  }
  out.kind = MonitorSelector::Kind::name;
  out.name = std::string(*text);
  return out;
}

bool is_acceptable_monitor_name(std::string_view name) {
  return name.find_first_of("_%. \t\n") == std::string_view::npos;
}

std::optional<bool> parse_go_bool(std::string_view t) {
  if (t == "1" || t == "t" || t == "T" || t == "true" || t == "TRUE" || t == "True") return true;
  if (t == "0" || t == "f" || t == "F" || t == "false" || t == "FALSE" || t == "False") return false;
  return std::nullopt;
}

bool perl_true(std::optional<std::string_view> text) { return text && !text->empty() && *text != "0"; }

}  // namespace ntpmon::web
