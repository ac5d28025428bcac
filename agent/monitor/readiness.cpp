#include "monitor/readiness.h"

namespace ntpmon::agent {

Readiness evaluate_readiness(const AppConfig& app, const std::optional<LoadOutcome>& last_load,
                             const ReadinessOptions& options) {
  if (app.api_key().empty()) return Readiness::missing_api_key;
  if (app.api_key_unauthorized()) return Readiness::unauthorized;
  if (last_load && last_load->status == LoadStatus::failed) return Readiness::api_error;
  const bool live = (options.ipv4 && app.is_live(AddressFamily::v4)) || (options.ipv6 && app.is_live(AddressFamily::v6));
  if (!app.certificates().usable()) {
    // Certificates are issued only once the monitor is active or testing.
    return live ? Readiness::no_certificate : Readiness::not_live;
  }
  if (!live) return Readiness::not_live;
  return Readiness::ready;
}

bool wait_until_ready(AppConfig& app, std::optional<LoadOutcome> last_load, const ReadinessOptions& options,
                      const log::Logger& logger, std::stop_token stop) {
  Backoff missing(options.missing_key), unauthorized(options.unauthorized), api_error(options.api_error),
      certificate(options.certificate), activation(options.activation);
  bool hint_printed = false;
  std::optional<Readiness> previous;
  while (!stop.stop_requested()) {
    auto waiter = app.wait_for_config_change(stop);  // register, then check (§21 A12)
    const Readiness state = evaluate_readiness(app, last_load, options);
    if (state == Readiness::ready) {
      if (previous) logger.info("monitor is now live");
      return true;
    }
    const bool new_state = state != previous;
    previous = state;
    Backoff* backoff = &activation;
    switch (state) {
      case Readiness::missing_api_key: {
        backoff = &missing;
        const auto wait = missing.current();
        if (new_state || wait >= std::chrono::minutes(2)) {
          logger.warn("no API key, please run ntppool-agent setup", {{"cmd", options.setup_command}});
        }
        if (!hint_printed && options.print_setup_hint) {
          options.print_setup_hint(options.setup_command);
          hint_printed = true;
        }
        break;
      }
      case Readiness::unauthorized:
        backoff = &unauthorized;
        logger.warn("API key unauthorized, waiting before retry; run ntppool-agent setup to register again",
                    {{"cmd", options.setup_command}});
        break;
      case Readiness::api_error:
        backoff = &api_error;
        logger.warn("could not load the configuration from the API, will retry",
                    {{"err", last_load ? last_load->error : std::string()}});
        break;
      case Readiness::no_certificate:
        backoff = &certificate;
        if (new_state) logger.info("waiting for certificates to be loaded");
        if (certificate.current() >= std::chrono::seconds(30)) logger.info("still waiting for certificates to be loaded");
        break;
      case Readiness::not_live:
        backoff = &activation;
        if (new_state) {
          logger.info("waiting for monitor status to be testing or active",
                      {{"ipv4", app.ipv4().status}, {"ipv6", app.ipv6().status}});
        }
        break;
      case Readiness::ready: break;
    }
    const auto wait = backoff->next();
    logger.debug("waiting before the next configuration check", {{"wait", wait}});
    switch (waiter->wait(stop, wait)) {
      case ChangeWaiter::Outcome::stopped:
      case ChangeWaiter::Outcome::cancelled: return false;
      case ChangeWaiter::Outcome::changed:
        // Someone else's load (the config manager's, setup's key) changed the configuration:
        // look again at once, without a load of our own.
        backoff->reset();
        last_load.reset();
        break;
      case ChangeWaiter::Outcome::timeout:
        last_load = app.load(stop);
        break;
    }
  }
  return false;
}

}  // namespace ntpmon::agent
