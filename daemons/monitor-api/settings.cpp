#include "settings.h"

#include "config/config_error.h"

namespace ntpmon::monitor_api {

void add_api_settings(config::Schema& schema) {
  using config::Setting;
  using namespace std::chrono;
  schema.add(Setting::string("listen", ":8000")
                 .env("MONITOR_API_LISTEN")
                 .help("HTTPS listener for the agent RPCs and the HTTP API (host:port, :port = every interface)"));
  schema.add(Setting::string("admin.listen", "127.0.0.1:9000")
                 .env("MONITOR_API_ADMIN_LISTEN")
                 .help("plain-HTTP address of /metrics and /__health; empty: none"));
  schema.add(Setting::string("tls.cert", "/etc/tls/tls.crt")
                 .env("MONITOR_API_TLS_CERT")
                 .help("the server certificate (PEM chain); monitor-admin ca issue-server makes one"));
  schema.add(Setting::string("tls.key", "/etc/tls/tls.key").env("MONITOR_API_TLS_KEY").help("its private key"));
  schema.add(Setting::string("ca.dir", "/etc/ntpmon/ca")
                 .env("MONITOR_API_CA_DIR")
                 .help("directory of ca.pem and ca.key (monitor-admin ca init): signs agent certificates, "
                       "and only certificates it signed are accepted"));
  schema.add(Setting::string("tickets.key_file", "/etc/ntpmon/ticket-keys.json")
                 .env("MONITOR_API_TICKET_KEYS")
                 .help("HMAC keys of the work tickets (mode 0600; created when missing; "
                       "monitor-admin tickets rotate adds a key)"));
  schema.add(Setting::duration("tickets.lifetime", hours(1))
                 .env("MONITOR_API_TICKET_LIFETIME")
                 .help("how long a GetServers batch may be submitted"));
  schema.add(Setting::duration("certificates.lifetime", hours(24 * 30))
                 .env("MONITOR_API_CERT_LIFETIME")
                 .help("lifetime of the client certificates issued to agents"));
  schema.add(Setting::string("deployment_mode", "devel")
                 .env("DEPLOYMENT_MODE")
                 .choices({"devel", "test", "prod"})
                 .help("deployment environment"));
  schema.add(Setting::string("monitor_domain", "mon.ntppool.dev")
                 .env("MONITOR_DOMAIN")
                 .help("suffix of monitor names: <host>.<env>.<domain>"));
  schema.add(Setting::string("public_url", "")
                 .env("MONITOR_API_PUBLIC_URL")
                 .help("base URL of this server in registration links; empty: https://<certificate name>:<port>"));
  schema.add(Setting::boolean("get_servers.short_intervals", false)
                 .env("MONITOR_API_SHORT_INTERVALS")
                 .help("devel only: honour GetServers intervals below the production floors "
                       "(20s active, 60s testing, 10s all), down to 1s, for local time-scaled runs"));
  schema.add(Setting::integer("threads", 128)
                 .env("MONITOR_API_THREADS")
                 .range(4, 4096)
                 .help("connections served at once (each keep-alive connection holds one)"));
  schema.add(Setting::integer("database.connections", 16)
                 .env("MONITOR_API_DB_CONNECTIONS")
                 .range(1, 256)
                 .help("database connections at most"));
  schema.add(Setting::string("log.level", "info")
                 .env("LOG_LEVEL")
                 .choices({"debug", "info", "warn", "error"})
                 .help("lowest level of the log lines on stderr"));
}

ApiSettings read_api_settings(const config::Config& config) {
  using namespace std::chrono;
  ApiSettings s;
  s.listen = config.string("listen");
  s.admin_listen = config.string("admin.listen");
  s.tls_cert = config.string("tls.cert");
  s.tls_key = config.string("tls.key");
  s.ca_dir = config.string("ca.dir");
  s.ticket_key_file = config.string("tickets.key_file");
  s.ticket_lifetime = duration_cast<seconds>(config.duration("tickets.lifetime"));
  if (s.ticket_lifetime < seconds(60)) {
    throw config::ConfigError("setting \"tickets.lifetime\" (" + describe(config.origin("tickets.lifetime")) +
                              "): at least 1m, so that agents can finish a batch");
  }
  s.certificate_lifetime = duration_cast<seconds>(config.duration("certificates.lifetime"));
  if (s.certificate_lifetime < hours(1)) {
    throw config::ConfigError("setting \"certificates.lifetime\" (" + describe(config.origin("certificates.lifetime")) +
                              "): at least 1h");
  }
  s.deployment_mode = config.string("deployment_mode");
  s.monitor_domain = config.string("monitor_domain");
  s.public_url = config.string("public_url");
  while (!s.public_url.empty() && s.public_url.back() == '/') s.public_url.pop_back();
  s.short_intervals = config.boolean("get_servers.short_intervals");
  if (s.short_intervals && s.deployment_mode != "devel") {
    throw config::ConfigError("setting \"get_servers.short_intervals\" (" +
                              describe(config.origin("get_servers.short_intervals")) +
                              "): only allowed with deployment_mode = \"devel\"");
  }
  s.threads = static_cast<std::size_t>(config.integer("threads"));
  s.database_connections = static_cast<std::size_t>(config.integer("database.connections"));
  s.log_level = config.string("log.level");
  return s;
}

}  // namespace ntpmon::monitor_api
