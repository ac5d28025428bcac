#pragma once
// A metric family: one name, help text and type, and one child metric per combination of
// label values. Children live as long as the family; references to them stay valid.

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/counter.h"
#include "metrics/gauge.h"
#include "metrics/histogram.h"

namespace ntpmon::metrics {

enum class MetricType { counter, gauge, histogram };

std::string_view to_string(MetricType type);

class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, MetricType type,
             std::vector<std::string> label_names);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends # HELP, # TYPE and the samples of every child, children sorted by label values;
  // nothing for a family without children.
  void write(std::string& out) const;

 protected:
  // Returns false when there is no child.
  virtual bool write_children(std::string& out) const = 0;

 private:
  std::string name_;
  std::string help_;
  MetricType type_;
  std::vector<std::string> label_names_;
};

template <typename M>
class Family final : public FamilyBase {
 public:
  using Factory = std::function<std::unique_ptr<M>()>;
  Family(std::string name, std::string help, MetricType type,
         std::vector<std::string> label_names, Factory make);

  // The child for these label values (in the order of label_names()), made on first use.
  // Throws std::invalid_argument when the number of values is wrong.
  M& with(const std::vector<std::string>& label_values);
  M& with(std::initializer_list<std::string_view> label_values);

 protected:
  bool write_children(std::string& out) const override;

 private:
  Factory make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<M>> children_;
};

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;

}  // namespace ntpmon::metrics
