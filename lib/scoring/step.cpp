#include "scoring/step.h"

#include <limits>

#include "scoring/constants.h"

namespace ntpmon::scoring {
namespace {

// §2.5 row 6c; the products and sums are separate statements so no FMA contraction can
// change the last bit (the library is also compiled with -ffp-contract=off).
double linear_step(double x) {
  double step;
  if (x <= 0.100) {
    const double product = -6.667 * x;
    step = product + 1.167;
  } else {
    const double product = -2.308 * x;
    step = product + 0.731;
  }
  return step > kGoodStep ? kGoodStep : step;
}

}  // namespace

std::chrono::nanoseconds abs_duration(std::chrono::nanoseconds d) noexcept {
  const auto count = d.count();
  if (count >= 0) return d;
  if (count == std::numeric_limits<std::chrono::nanoseconds::rep>::min()) {
    return std::chrono::nanoseconds(std::numeric_limits<std::chrono::nanoseconds::rep>::max());
  }
  return std::chrono::nanoseconds(-count);
}

double duration_seconds(std::chrono::nanoseconds d) noexcept {
  constexpr std::int64_t kSecond = 1'000'000'000;
  const std::int64_t whole = d.count() / kSecond;
  const std::int64_t rest = d.count() % kSecond;
  return static_cast<double>(whole) + static_cast<double>(rest) / 1e9;
}

StepResult compute_step(const StepInput& in) {
  StepResult out;
  out.error = in.error;
  if (in.no_response) {  // row 1 beats everything
    out.step = kNoResponseStep;
    return out;
  }
  if (in.stratum == 0) {
    if (in.error == kErrorRate) {  // row 2
      out.step = kRateStep;
      return out;
    }
    if (in.error == kErrorRestricted || in.error == kErrorDenied) {  // row 3
      out.step = kDeniedStep;
      out.max_score = kDeniedCap;
      return out;
    }
    if (in.error.empty() || in.error == kErrorUntrustedZeroOffset) {  // row 4
      out.step = kStratumZeroStep;
      out.max_score = kStratumZeroCap;
      if (in.error.empty()) out.error = kErrorUnexpectedStratumZero;
      return out;
    }
  }
  if (!in.error.empty() || !in.offset) {  // row 5
    out.step = kErrorStep;
    return out;
  }
  const auto abs_offset = abs_duration(*in.offset).count();
  if (abs_offset > kLargeOffsetNs || in.stratum >= kBadStratum) {  // row 6a
    out.step = kErrorStep;
    if (abs_offset > kLargeOffsetNs) out.max_score = kLargeOffsetCap;
    return out;
  }
  if (abs_offset > kMediumOffsetNs) {  // row 6b
    out.step = kMediumOffsetStep;
    return out;
  }
  if (abs_offset > kSmallOffsetNs) {  // row 6c
    out.step = linear_step(duration_seconds(std::chrono::nanoseconds(abs_offset)));
    return out;
  }
  out.step = kGoodStep;  // row 6d
  return out;
}

}  // namespace ntpmon::scoring
