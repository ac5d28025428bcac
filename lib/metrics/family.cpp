#include "metrics/family.h"

#include <stdexcept>

#include "metrics/text_format.h"

namespace ntpmon::metrics {

std::string_view to_string(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

FamilyBase::FamilyBase(std::string name, std::string help, MetricType type,
                       std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {}

void FamilyBase::write(std::string& out) const {
  std::string samples;
  if (!write_children(samples)) return;
  out += "# HELP ";
  out += name_;
  out.push_back(' ');
  out += escape_help(help_);
  out += "\n# TYPE ";
  out += name_;
  out.push_back(' ');
  out += to_string(type_);
  out.push_back('\n');
  out += samples;
}

template <typename M>
Family<M>::Family(std::string name, std::string help, MetricType type,
                  std::vector<std::string> label_names, Factory make)
    : FamilyBase(std::move(name), std::move(help), type, std::move(label_names)),
      make_(std::move(make)) {}

template <typename M>
M& Family<M>::with(const std::vector<std::string>& label_values) {
  if (label_values.size() != label_names().size()) {
    throw std::invalid_argument("metric " + name() + " has " +
                                std::to_string(label_names().size()) + " label(s), got " +
                                std::to_string(label_values.size()) + " value(s)");
  }
  std::lock_guard lock(mutex_);
  auto it = children_.find(label_values);
  if (it == children_.end()) it = children_.emplace(label_values, make_()).first;
  return *it->second;
}

template <typename M>
M& Family<M>::with(std::initializer_list<std::string_view> label_values) {
  std::vector<std::string> values;
  values.reserve(label_values.size());
  for (auto v : label_values) values.emplace_back(v);
  return with(values);
}

template <typename M>
bool Family<M>::write_children(std::string& out) const {
  std::lock_guard lock(mutex_);
  for (const auto& [values, child] : children_) {
    write_samples(out, name(), label_names(), values, *child);
  }
  return !children_.empty();
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

}  // namespace ntpmon::metrics
