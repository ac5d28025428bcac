// `ntppool-agent api ok` (spec/agent.md §2.11): checks the API key against the HTTP config
// endpoint, the certificate, the monitor status, and a GetConfig over mutual TLS.
#include <chrono>

#include "api/connect_error.h"
#include "api/proto_json.h"
#include "cli/commands.h"
#include "net/connect_client.h"

namespace ntpmon::agent {

int run_api_ok(AgentContext& ctx) {
  AppConfig& app = *ctx.app;
  ctx.logger.info("Running API diagnostics", {{"env", to_string(ctx.env)}});
  if (app.api_key().empty()) {
    ctx.logger.warn("No API key found - run 'ntppool-agent setup' to configure");
    ctx.logger.error("no API key configured");
    return kExitRuntimeError;
  }
  ctx.logger.info("✓ API key found");
  ctx.logger.info("Testing HTTP API endpoint...");
  LoadOutcome outcome = ctx.initial_load.value_or(LoadOutcome{});
  if (!outcome.ok()) outcome = app.load(ctx.stop);
  if (!outcome.ok()) {
    ctx.logger.warn("✗ HTTP API test failed", {{"err", outcome.error}});
    if (outcome.status == LoadStatus::unauthorized) {
      ctx.logger.error("API key is invalid or unauthorized - run 'ntppool-agent setup' to reconfigure");
      return kExitRuntimeError;
    }
  } else {
    ctx.logger.info("✓ HTTP API test successful");
  }

  if (!app.certificates().have_certificate()) {
    ctx.logger.warn("No certificates found");
    ctx.logger.info("Certificates are issued after monitor is activated in the web interface");
    if (outcome.ok()) {
      ctx.logger.info("Attempting to request certificates...");
      app.load(ctx.stop, true);
      if (app.certificates().have_certificate()) ctx.logger.info("✓ Certificates loaded successfully");
    }
  }
  if (auto dates = app.certificates().dates()) {
    const auto remaining = dates->not_after - std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    ctx.logger.info("✓ Certificate found", {{"expires", api::format_timestamp(api::Timestamp{dates->not_after.time_since_epoch().count(), 0})},
                                            {"remaining", std::chrono::round<std::chrono::hours>(remaining)}});
    if (remaining < std::chrono::hours(24)) ctx.logger.warn("Certificate expires soon!");
  }

  ctx.logger.info("Monitor status:");
  for (AddressFamily f : {AddressFamily::v4, AddressFamily::v6}) {
    const FamilyState s = app.family(f);
    const std::string name(protocol_name(f));
    if (s.ip) {
      ctx.logger.info("  " + name, {{"ip", *s.ip}, {"status", s.status}});
    } else {
      ctx.logger.info("  " + name + ": not configured");
    }
  }
  if (!app.is_live(AddressFamily::v4) && !app.is_live(AddressFamily::v6)) {
    ctx.logger.warn("Monitor is not active (status must be 'active' or 'testing')");
    if (!app.certificates().have_certificate()) return kExitSuccess;
  }
  if (app.certificates().have_certificate()) {
    ctx.logger.info("Testing gRPC API endpoint...");
    std::string error;
    const auto base = ctx.monitor_api_base(error);
    if (!base) {
      ctx.logger.warn("✗ gRPC API test failed", {{"err", error}});
    } else {
      try {
        HttpClientOptions http = ctx.http_options(*base);
        http.client_certificate = app.certificates().holder();
        ConnectClient client(std::move(http));
        const api::GetConfigResponse config = client.get_config(api::GetConfigRequest{}, ctx.stop);
        ctx.logger.info("✓ gRPC API test successful");
        if (config.samples > 0) ctx.logger.info("  Config received", {{"samples", config.samples}});
      } catch (const api::ApiError& e) {
        std::string kind = e.code() == api::ErrorCode::permission_denied ? "permission denied: "
                           : e.code() == api::ErrorCode::unauthenticated ? "authentication failed: "
                                                                          : "gRPC error (code " +
                                                                                std::string(api::to_string(e.code())) + "): ";
        ctx.logger.warn("✗ gRPC API test failed", {{"err", kind + e.message()}});
      } catch (const std::exception& e) {
        ctx.logger.warn("✗ gRPC API test failed", {{"err", std::string("could not get config: ") + e.what()}});
      }
    }
  }
  ctx.logger.info("API diagnostics complete");
  return kExitSuccess;
}

}  // namespace ntpmon::agent
