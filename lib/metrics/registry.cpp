#include "metrics/registry.h"

#include <algorithm>
#include <stdexcept>

#include "metrics/text_format.h"

namespace ntpmon::metrics {

namespace {

void validate(const std::string& name, MetricType type,
              const std::vector<std::string>& label_names) {
  if (!valid_metric_name(name)) throw std::invalid_argument("invalid metric name \"" + name + "\"");
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const auto& l = label_names[i];
    if (!valid_label_name(l)) {
      throw std::invalid_argument("metric " + name + ": invalid label name \"" + l + "\"");
    }
    if (type == MetricType::histogram && l == "le") {
      throw std::invalid_argument("metric " + name + ": label \"le\" is reserved for buckets");
    }
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i), l) !=
        label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw std::invalid_argument("metric " + name + ": label \"" + l + "\" repeated");
    }
  }
}

}  // namespace

template <typename M>
Family<M>& Registry::family(const std::string& name, const std::string& help, MetricType type,
                            const std::vector<std::string>& label_names,
                            const std::vector<double>& bounds) {
  validate(name, type, label_names);
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it != families_.end()) {
    auto* existing = dynamic_cast<Family<M>*>(it->second.get());
    bool same = existing != nullptr && existing->type() == type &&
                existing->label_names() == label_names &&
                (type != MetricType::histogram || histogram_bounds_[name] == bounds);
    if (!same) {
      throw std::invalid_argument("metric " + name +
                                  " is already registered with another type, labels or buckets");
    }
    return *existing;
  }
  typename Family<M>::Factory make;
  if constexpr (std::is_same_v<M, Histogram>) {
    Histogram probe(bounds);  // validates the bounds before anything is registered
    make = [b = probe.bounds()] { return std::make_unique<Histogram>(b); };
    histogram_bounds_[name] = bounds;
  } else {
    make = [] { return std::make_unique<M>(); };
  }
  auto fam = std::make_unique<Family<M>>(name, help, type, label_names, std::move(make));
  auto& ref = *fam;
  families_.emplace(name, std::move(fam));
  return ref;
}

Family<Counter>& Registry::counter_family(const std::string& name, const std::string& help,
                                          const std::vector<std::string>& label_names) {
  return family<Counter>(name, help, MetricType::counter, label_names, {});
}

Family<Gauge>& Registry::gauge_family(const std::string& name, const std::string& help,
                                      const std::vector<std::string>& label_names) {
  return family<Gauge>(name, help, MetricType::gauge, label_names, {});
}

Family<Histogram>& Registry::histogram_family(const std::string& name, const std::string& help,
                                              const std::vector<double>& bounds,
                                              const std::vector<std::string>& label_names) {
  return family<Histogram>(name, help, MetricType::histogram, label_names, bounds);
}

Counter& Registry::counter(const std::string& name, const std::string& help) {
  return counter_family(name, help, {}).with(std::vector<std::string>{});
}

Gauge& Registry::gauge(const std::string& name, const std::string& help) {
  return gauge_family(name, help, {}).with(std::vector<std::string>{});
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const std::vector<double>& bounds) {
  return histogram_family(name, help, bounds, {}).with(std::vector<std::string>{});
}

std::string Registry::text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fam] : families_) fam->write(out);
  return out;
}

}  // namespace ntpmon::metrics
