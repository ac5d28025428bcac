// `ntppool-agent check IP...` (spec/agent.md §2.10): one measurement per address with the
// default parameters (3 samples, no local address binding), printed to stdout.
#include <ostream>
#include <thread>

#include "cli/commands.h"
#include "core/interruptible_sleep.h"
#include "ntp/check_host.h"
#include "ntp/render.h"

namespace ntpmon::agent {

namespace {
constexpr std::chrono::seconds kCheckTimeout{60};
}

int run_check(AgentContext& ctx, std::ostream& out) {
  // The overall 60 s budget, or a signal, ends the measurements.
  std::stop_source budget;
  std::stop_callback on_signal(ctx.stop, [&budget] { budget.request_stop(); });
  std::jthread timer([&budget](std::stop_token own) {
    if (sleep_for(own, kCheckTimeout)) budget.request_stop();
  });

  ntp::CheckOptions options;
  options.allow_special_targets = ctx.line.allow_local_targets;
  ctx.logger.debug("Did not get valid local configuration IP");
  for (const std::string& text : ctx.line.check_ips) {
    const auto ip = ntp::IpAddress::parse(text);
    if (!ip) {
      ctx.logger.error("could not parse IP", {{"ip", text}});
      continue;
    }
    if (budget.stop_requested()) break;
    const ntp::CheckResult result = ntp::check_host(*ip, options, budget.get_token());
    if (!result.error.empty()) ctx.logger.info("returned error", {{"ip", text}, {"err", ntp::escape_text(result.error)}});
    if (result.status) ctx.logger.info("status", {{"ip", text}, {"status", ntp::to_log_fields(*result.status)}});
    out << ntp::render_check_result(*ip, result) << std::flush;
  }
  ctx.logger.info("check done");
  return kExitSuccess;
}

}  // namespace ntpmon::agent
