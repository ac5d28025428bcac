// `ntppool-agent setup` (spec/agent.md §2.8, spec/api.md §8.1): registration with one request
// per wanted address family (the server records where each came from), polling until an
// operator approves it, then the API key is stored in state.json. A running `monitor` picks
// the new key up through its file watcher.
//
// Decisions: a family the host cannot reach the API over is skipped with a warning once the
// other family registered (§21 A24); an error answer (JSON, 4xx) ends setup with its message.
#include <unistd.h>

#include <cctype>
#include <ostream>
#include <thread>

#include "api/connect_error.h"
#include "api/json_codec.h"
#include "api/paths.h"
#include "api/ulid.h"
#include "cli/commands.h"
#include "core/interruptible_sleep.h"
#include "core/version.h"

namespace ntpmon::agent {
namespace {

constexpr std::chrono::milliseconds kPollBeforeUrl{200};
constexpr std::chrono::seconds kPollAfterUrl{5};
constexpr std::chrono::seconds kServerErrorPause{10};
constexpr std::chrono::seconds kExistingConfigTimeout{5};

std::string form_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string system_hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

void check_existing_config(AgentContext& ctx) {
  AppConfig& app = *ctx.app;
  ctx.logger.info("API key already set");
  if (!app.certificates().have_certificate()) {
    ctx.logger.info("API key exists but no certificates, attempting to load config");
    std::stop_source budget;
    std::stop_callback forward(ctx.stop, [&budget] { budget.request_stop(); });
    std::jthread timer([&budget](std::stop_token own) {
      if (sleep_for(own, kExistingConfigTimeout)) budget.request_stop();
    });
    const LoadOutcome outcome = app.load(budget.get_token(), true);
    if (outcome.status == LoadStatus::unauthorized) {
      ctx.logger.info("API key is invalid or unauthorized, continuing with setup");
    } else if (!outcome.ok()) {
      ctx.logger.debug("could not check config", {{"err", outcome.error}});
    }
  }
  for (AddressFamily f : {AddressFamily::v4, AddressFamily::v6}) {
    const FamilyState s = app.family(f);
    const std::string name(protocol_name(f));
    if (s.ip) {
      ctx.logger.info(name + " address already set", {{"addr", *s.ip}, {"status", s.status}});
    } else {
      ctx.logger.info(name + " address not set");
    }
  }
}

}  // namespace

int run_setup(AgentContext& ctx, std::ostream& out) {
  AppConfig& app = *ctx.app;
  const SetupOptions& opt = ctx.line.setup;
  if (!app.api_key().empty()) check_existing_config(ctx);

  bool want4 = ctx.line.ipv4, want6 = ctx.line.ipv6;
  if (!want4 && !want6) {
    ctx.logger.info("registration for both IP versions disabled");
    return kExitSuccess;
  }
  const std::string registration_id = api::Ulid::generate().to_string();
  ctx.logger.debug("registration id", {{"id", registration_id}});

  std::string hostname = opt.hostname;
  if (hostname.empty()) {
    hostname = system_hostname();
    if (hostname.empty()) ctx.logger.warn("could not get system hostname");
  }
  if (!hostname.empty()) {
    ctx.logger.info("using hostname for registration", {{"hostname", hostname}});
  } else {
    ctx.logger.info("registering without hostname");
  }
  std::string body;
  if (!opt.account.empty()) body += "a=" + form_escape(opt.account);
  if (!hostname.empty()) body += std::string(body.empty() ? "" : "&") + "hostname=" + form_escape(hostname);

  HttpClientOptions http = ctx.http_options(ctx.http_api_base);
  http.keep_alive = false;  // every request on a new connection, so the family can be pinned
  http.connect_timeout = std::chrono::seconds(30);
  http.read_timeout = std::chrono::seconds(40);
  HttpClient client(http);
  client.set_local_addresses(opt.source_ipv4, opt.source_ipv6);

  HttpClient::Headers headers = {{api::kRegistrationIdHeader, registration_id},
                                 {"Accept", "application/json, text/plain"}};
  if (!app.api_key().empty() && !app.api_key_unauthorized()) {
    headers.emplace("Authorization", "Bearer " + app.api_key());
  }

  bool todo4 = want4, todo6 = want6;
  bool printed = false;
  std::string url;
  for (;;) {
    AddressFamilyChoice family;
    if (todo4 && todo6) family = AddressFamilyChoice::any;
    else if (todo4) family = AddressFamilyChoice::v4;
    else if (todo6) family = AddressFamilyChoice::v6;
    else family = want4 && want6 ? AddressFamilyChoice::any : want4 ? AddressFamilyChoice::v4 : AddressFamilyChoice::v6;
    client.set_address_family(family);

    HttpResponse r;
    try {
      r = body.empty() ? client.post(api::kRegistrationPath, headers, "", "", ctx.stop)
                       : client.post(api::kRegistrationPath, headers, body, "application/x-www-form-urlencoded", ctx.stop);
    } catch (const TransportError& e) {
      if (e.cancelled()) {
        ctx.logger.error("setup aborted");
        return kExitRuntimeError;
      }
      const bool other_done = (family == AddressFamilyChoice::v4 && !todo6 && want6) ||
                              (family == AddressFamilyChoice::v6 && !todo4 && want4);
      if (other_done) {
        const bool v6 = family == AddressFamilyChoice::v6;
        ctx.logger.warn(std::string("could not reach the API over ") + (v6 ? "IPv6" : "IPv4") + "; registering " +
                            (v6 ? "IPv4" : "IPv6") + " only",
                        {{"err", e.what()}});
        (v6 ? todo6 : todo4) = false;
        (v6 ? want6 : want4) = false;
        continue;
      }
      ctx.logger.error("registration request failed", {{"err", e.what()}});
      return kExitRuntimeError;
    }

    if (r.status >= 500) {
      ctx.logger.warn("server error", {{"status", r.status}, {"body", r.body.substr(0, 512)}});
      if (!sleep_for(ctx.stop, kServerErrorPause)) {
        ctx.logger.error("setup aborted");
        return kExitRuntimeError;
      }
      continue;
    }
    if (r.connected_family == AddressFamilyChoice::v4) todo4 = false;
    if (r.connected_family == AddressFamilyChoice::v6) todo6 = false;
    if (todo4 || todo6) client.close_connections();

    const std::string media = media_type(r.content_type);
    if (media == "text/plain") {
      out << r.body << "\n" << std::flush;
      return kExitSuccess;
    }
    if (r.status >= 400) {
      const api::ApiError e = api::error_from_response(r.status, r.body);
      ctx.logger.error("registration refused", {{"status", r.status}, {"err", e.message()}});
      return kExitRuntimeError;
    }
    if (media != "application/json") {
      ctx.logger.error("unexpected content type: " + r.content_type);
      return kExitRuntimeError;
    }
    api::RegistrationResponse reg;
    try {
      reg = api::decode_registration_response(r.body);
    } catch (const std::exception& e) {
      ctx.logger.error("could not decode the registration answer", {{"err", e.what()}});
      return kExitRuntimeError;
    }
    if (!reg.url.empty()) url = reg.url;
    if (!url.empty() && !todo4 && !todo6 && !printed) {
      out << "\nPlease visit the following URL to complete the monitor registration:\n\n\t" << url << "\n\n"
          << std::flush;
      printed = true;
    }
    if (reg.status == "accepted") {
      ctx.logger.info("monitor registration was accepted");
      if (reg.api_token.empty()) {
        ctx.logger.error("no API token provided");
        return kExitSuccess;
      }
      try {
        app.set_api_key(reg.api_token);
      } catch (const std::exception& e) {
        ctx.logger.error(e.what());
        return kExitRuntimeError;
      }
      ctx.logger.info("API key stored successfully");
      ctx.logger.info("Setup complete. The monitor must be activated by an administrator before it can start.");
      ctx.logger.info("Once activated, start monitoring with:");
      ctx.logger.info("  ntppool-agent monitor -e " + std::string(to_string(ctx.env)) + " --state-dir '" +
                      ctx.state_dir.string() + "'");
      ctx.logger.info("See documentation for systemd service setup and other deployment options.");
      return kExitSuccess;
    }
    if (reg.status == "completed") {
      ctx.logger.info("registration was marked as completed");
      return kExitSuccess;
    }
    if (!sleep_for(ctx.stop, printed ? std::chrono::milliseconds(kPollAfterUrl) : kPollBeforeUrl)) {
      ctx.logger.error("setup aborted");
      return kExitRuntimeError;
    }
  }
}

}  // namespace ntpmon::agent
