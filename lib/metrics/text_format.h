#pragma once
// Pieces of the Prometheus text exposition format 0.0.4.

#include <string>
#include <string_view>
#include <vector>

#include "metrics/counter.h"
#include "metrics/gauge.h"
#include "metrics/histogram.h"

namespace ntpmon::metrics {

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// HELP text: backslash and newline escaped.
std::string escape_help(std::string_view help);
// Label value: backslash, double quote and newline escaped.
std::string escape_label_value(std::string_view value);
// Shortest text that reads back as the same double; NaN, +Inf, -Inf.
std::string format_value(double value);

bool valid_metric_name(std::string_view name);  // [a-zA-Z_:][a-zA-Z0-9_:]*
bool valid_label_name(std::string_view name);   // [a-zA-Z_][a-zA-Z0-9_]*, not starting "__"

// Appends the sample lines of one child of a family.
void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Counter& counter);
void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Gauge& gauge);
void write_samples(std::string& out, std::string_view name,
                   const std::vector<std::string>& label_names,
                   const std::vector<std::string>& label_values, const Histogram& histogram);

}  // namespace ntpmon::metrics
