#pragma once
// monitor-api's settings (TOML file via --config, then environment, then flags).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "config/config.h"
#include "config/schema.h"

namespace ntpmon::monitor_api {

struct ApiSettings {
  std::string listen = ":8000";                   // HTTPS listener (RPCs and the HTTP API)
  std::string admin_listen = "127.0.0.1:9000";    // plain HTTP /metrics and /__health; "" = none
  std::filesystem::path tls_cert;                 // the server's certificate chain (PEM)
  std::filesystem::path tls_key;                  // its key
  std::filesystem::path ca_dir;                   // ca.pem + ca.key: issues client certs, verifies them
  std::filesystem::path ticket_key_file;          // HMAC keys of the work tickets (0600)
  std::chrono::seconds ticket_lifetime{3600};
  std::chrono::seconds certificate_lifetime{std::chrono::days{30}};
  std::string deployment_mode = "devel";          // the env label of new tls_names
  std::string monitor_domain = "mon.ntppool.dev";  // suffix of valid monitor names
  std::string public_url;                         // base of registration URLs; "" = from the certificate
  bool short_intervals = false;                   // devel only: GetServers intervals down to 1 s
  std::size_t threads = 128;                      // connections served at once (keep-alive holds one)
  std::size_t database_connections = 16;
  std::string log_level = "info";
};

void add_api_settings(config::Schema& schema);
// Throws config::ConfigError for a bad value (naming the setting).
ApiSettings read_api_settings(const config::Config& config);

}  // namespace ntpmon::monitor_api
