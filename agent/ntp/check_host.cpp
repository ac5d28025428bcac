#include "ntp/check_host.h"

#include <exception>
#include <utility>

#include "ntp/classify.h"
#include "ntp/errors.h"
#include "ntp/stop_waiter.h"

namespace ntpmon::ntp {

namespace {

SysTime now_sys() { return std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now()); }

CheckResult cancelled(CheckResult r) {
  r.cancelled = true;
  r.status.reset();
  r.response.reset();
  r.chosen.reset();
  r.error = std::string(errors::kCancelled);
  return r;
}

}  // namespace

int effective_samples(int configured) { return configured > 0 ? configured : kDefaultSamples; }

namespace {

CheckResult check_host_impl(const IpAddress& target, const CheckOptions& options, std::stop_token stop) {
  CheckResult result;
  if (!target.valid()) {
    result.error = std::string(errors::kInvalidIp);
    return result;
  }
  if (!options.allow_special_targets) {
    if (const std::string_view reject = precheck_target(target); !reject.empty()) {
      result.error = std::string(reject);
      return result;
    }
  }

  const IpAddress send_to = target.unmapped();
  ExchangeOptions xo;
  xo.port = options.port;
  xo.timeout = options.timeout;
  xo.local_address = send_to.is_v4() ? options.local_v4 : options.local_v6;

  StopWaiter waiter(stop);
  const int samples = effective_samples(options.samples);
  for (int i = 0; i < samples; ++i) {
    if (i > 0 && waiter.sleep(options.spacing) == StopWaiter::Result::stopped) {
      return cancelled(std::move(result));
    }
    Exchange ex = exchange(send_to, xo, stop);
    if (ex.status == ExchangeStatus::cancelled) return cancelled(std::move(result));

    Classification c = classify_sample(target, std::move(ex), now_sys());
    if (options.on_sample) options.on_sample(i, c.sample);
    result.samples.push_back(std::move(c.sample));
    if (c.final) {
      result.chosen = result.samples.size() - 1;
      break;
    }
  }

  if (!result.chosen) result.chosen = select_best(result.samples);
  if (result.chosen) {
    const Sample& best = result.samples[*result.chosen];
    result.status = best.status;
    result.response = best.response;
    result.error = best.error;
  }
  return result;
}

}  // namespace

CheckResult check_host(const IpAddress& target, const CheckOptions& options, std::stop_token stop) {
  try {
    return check_host_impl(target, options, std::move(stop));
  } catch (const std::exception& e) {
    CheckResult r;
    r.error = std::string("internal error: ") + e.what();
    return r;
  } catch (...) {
    CheckResult r;
    r.error = "internal error";
    return r;
  }
}

}  // namespace ntpmon::ntp
