#pragma once
// An in-process monitor-api for integration tests: a fresh database, a CA, a server
// certificate for 127.0.0.1, a ticket key file, the server on a free port, and HTTPS clients
// that present a chosen client certificate (or none). Fixture helpers insert the rows no
// endpoint creates (system defaults, server_scores pairs).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/messages.h"
#include "api/ticket.h"
#include "metrics/registry.h"
#include "pki/ca.h"
#include "pki/certificate_holder.h"
#include "pki/key.h"
#include "test_database.h"

namespace ntpmon::monitor_api {
class ApiServer;
}

namespace ntpmon::test {

struct Reply {
  bool transport_ok = false;   // false: no HTTP answer (connection or TLS failure)
  std::string transport_error;
  int status = 0;
  std::string content_type;
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One HTTPS client (keep-alive) of the test server.
class TestClient {
 public:
  TestClient(std::uint16_t port, const std::filesystem::path& ca_pem,
             std::shared_ptr<const pki::CertificateHolder> certificate = nullptr);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  Reply post(const std::string& path, const std::string& body, const std::string& content_type = "application/json",
             const Headers& headers = {});
  Reply get(const std::string& path, const Headers& headers = {});
  Reply request(const std::string& method, const std::string& path, const std::string& body,
                const std::string& content_type, const Headers& headers);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A monitor's key and certificate.
struct AgentIdentity {
  std::string tls_name;
  pki::PrivateKey key;
  std::shared_ptr<pki::CertificateHolder> holder = std::make_shared<pki::CertificateHolder>();
};

class ApiTestEnv {
 public:
  explicit ApiTestEnv(const std::string& label);
  ~ApiTestEnv();

  TestDatabase& database() { return db_; }
  soci::session& sql() { return db_.session(); }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path ca_pem() const;
  const pki::CertificateAuthority& ca() const { return *ca_; }
  api::TicketKeyRing ticket_keys() const;
  std::uint16_t port() const;
  metrics::Registry& registry() { return registry_; }

  std::unique_ptr<TestClient> client(std::shared_ptr<const pki::CertificateHolder> certificate = nullptr) const;
  // A key and a certificate for `tls_name` signed by `ca` (default: the server's CA).
  AgentIdentity agent(const std::string& tls_name, const pki::CertificateAuthority* ca = nullptr) const;
  // The same, but a certificate that expired a day ago.
  AgentIdentity expired_agent(const std::string& tls_name) const;

  // ---- fixtures (plain SQL) ----
  std::uint32_t add_account(const std::string& id_token);
  std::uint32_t add_monitor(const std::string& tls_name, const std::string& ip, const std::string& ip_version,
                            const std::string& status, std::optional<std::uint32_t> account_id = std::nullopt,
                            const std::string& client_version = "4.1.5");
  void add_system_defaults(const std::string& ip_version, const std::string& config_json);
  std::uint32_t add_server(const std::string& ip);
  void add_pair(std::uint32_t monitor_id, std::uint32_t server_id, double score_raw,
                const std::string& status = "active");
  // A digest of every table a call could write; equal before and after means nothing changed.
  std::string fingerprint();

 private:
  TestDatabase db_;
  std::filesystem::path dir_;
  std::unique_ptr<pki::CertificateAuthority> ca_;
  metrics::Registry registry_;
  std::unique_ptr<monitor_api::ApiServer> server_;
};

// Helpers for request bodies.
std::string ip4_bytes(const std::string& dotted);
std::string json_field(const std::string& body, const std::string& key);  // a top-level string field

}  // namespace ntpmon::test
