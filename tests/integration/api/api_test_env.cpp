#include "api_test_env.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <soci/soci.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <random>

#include "api/ip_address.h"
#include "api/ticket_key_file.h"
#include "api_server.h"
#include "log/sink.h"
#include "pki/csr.h"
#include "pki/key_pair.h"
#include "settings.h"

namespace ntpmon::test {

struct TestClient::Impl {
  std::unique_ptr<httplib::SSLClient> client;
};

TestClient::TestClient(std::uint16_t port, const std::filesystem::path& ca_pem,
                       std::shared_ptr<const pki::CertificateHolder> certificate)
    : impl_(std::make_unique<Impl>()) {
  impl_->client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  impl_->client->set_ca_cert_path(ca_pem.c_str());
  impl_->client->enable_server_certificate_verification(true);
  impl_->client->set_keep_alive(true);
  impl_->client->set_tcp_nodelay(true);
  impl_->client->set_read_timeout(30, 0);
  impl_->client->set_write_timeout(30, 0);
  impl_->client->set_connection_timeout(10, 0);
  if (certificate) pki::use_as_client_certificate(impl_->client->ssl_context(), std::move(certificate));
}

TestClient::~TestClient() = default;

Reply TestClient::request(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& content_type, const Headers& headers) {
  httplib::Headers h;
  for (const auto& [n, v] : headers) h.emplace(n, v);
  httplib::Result r = method == "GET"    ? impl_->client->Get(path.c_str(), h)
                      : method == "POST" ? impl_->client->Post(path.c_str(), h, body, content_type.c_str())
                      : method == "PUT"  ? impl_->client->Put(path.c_str(), h, body, content_type.c_str())
                                         : impl_->client->Delete(path.c_str(), h, body, content_type.c_str());
  Reply reply;
  if (!r) {
    reply.transport_error = httplib::to_string(r.error());
    return reply;
  }
  reply.transport_ok = true;
  reply.status = r->status;
  reply.content_type = r->get_header_value("Content-Type");
  reply.body = r->body;
  return reply;
}

Reply TestClient::post(const std::string& path, const std::string& body, const std::string& content_type,
                       const Headers& headers) {
  return request("POST", path, body, content_type, headers);
}

Reply TestClient::get(const std::string& path, const Headers& headers) { return request("GET", path, "", "", headers); }

namespace {

std::filesystem::path make_temp_dir(const std::string& label) {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             ("ntpmon-api-" + label + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

// OpenSSL objects read from the CA's files, for certificates pki will not make (expired).
struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free_all(p); }
};

}  // namespace

ApiTestEnv::ApiTestEnv(const std::string& label) : db_(label), dir_(make_temp_dir(label)) {
  ca_ = std::make_unique<pki::CertificateAuthority>(pki::CertificateAuthority::init(dir_ / "ca"));
  ca_->issue_server_certificate({"127.0.0.1", "localhost"}).write_files(dir_ / "server.pem", dir_ / "server.key");
  api::write_ticket_key_file(dir_ / "tickets.json",
                             api::TicketKeyRing::generate(std::chrono::floor<std::chrono::seconds>(
                                 std::chrono::system_clock::now() - std::chrono::hours(1))));
  monitor_api::ApiSettings settings;
  settings.listen = "127.0.0.1:0";
  settings.admin_listen = "";
  settings.tls_cert = dir_ / "server.pem";
  settings.tls_key = dir_ / "server.key";
  settings.ca_dir = dir_ / "ca";
  settings.ticket_key_file = dir_ / "tickets.json";
  settings.public_url = "https://127.0.0.1";
  settings.threads = 96;
  settings.database_connections = 12;
  settings.deployment_mode = "test";
  log::Logger logger(log::stderr_sink(), log::Level::error);
  server_ = std::make_unique<monitor_api::ApiServer>(settings, db_.dsn(), logger, registry_);
}

ApiTestEnv::~ApiTestEnv() {
  server_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::filesystem::path ApiTestEnv::ca_pem() const { return dir_ / "ca" / pki::kCaCertificateFileName; }

api::TicketKeyRing ApiTestEnv::ticket_keys() const { return api::read_ticket_key_file(dir_ / "tickets.json"); }

std::uint16_t ApiTestEnv::port() const { return server_->port(); }

std::unique_ptr<TestClient> ApiTestEnv::client(std::shared_ptr<const pki::CertificateHolder> certificate) const {
  return std::make_unique<TestClient>(port(), ca_pem(), std::move(certificate));
}

AgentIdentity ApiTestEnv::agent(const std::string& tls_name, const pki::CertificateAuthority* ca) const {
  AgentIdentity a{tls_name, pki::PrivateKey::generate()};
  const auto& issuer = ca != nullptr ? *ca : *ca_;
  auto issued = issuer.issue_client_certificate(pki::make_csr_pem(a.key), tls_name);
  a.holder->set(pki::CertificateKeyPair::from_pem(issued.certificate_pem, a.key.to_pem()));
  return a;
}

AgentIdentity ApiTestEnv::expired_agent(const std::string& tls_name) const {
  AgentIdentity a{tls_name, pki::PrivateKey::generate()};
  auto read = [](const std::string& pem) { return std::unique_ptr<BIO, BioDeleter>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))); };
  auto ca_key_pem = pki::PrivateKey::read_pem_file(dir_ / "ca" / pki::kCaKeyFileName).to_pem();
  auto key_bio = read(ca_key_pem);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> ca_key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  auto ca_cert_pem = ca_->certificate_pem();
  auto cert_bio = read(ca_cert_pem);
  std::unique_ptr<X509, X509Deleter> ca_cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  auto leaf_key_pem = a.key.to_pem();
  auto leaf_bio = read(leaf_key_pem);
  std::unique_ptr<EVP_PKEY, PkeyDeleter> leaf_key(PEM_read_bio_PrivateKey(leaf_bio.get(), nullptr, nullptr, nullptr));
  std::unique_ptr<X509, X509Deleter> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 4242);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -2 * 86400);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), -86400);
  X509_set_pubkey(cert.get(), leaf_key.get());
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(tls_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get()));
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca_cert.get(), cert.get(), nullptr, nullptr, 0);
  std::string san = "DNS:" + tls_name;
  for (auto [nid, value] : {std::pair<int, const char*>{NID_subject_alt_name, san.c_str()},
                            {NID_ext_key_usage, "clientAuth,serverAuth"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert.get(), ca_key.get(), EVP_sha384());
  std::unique_ptr<BIO, BioDeleter> out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  char* data = nullptr;
  long len = BIO_get_mem_data(out.get(), &data);
  a.holder->set(pki::CertificateKeyPair::from_pem(std::string(data, static_cast<std::size_t>(len)), a.key.to_pem()));
  return a;
}

std::uint32_t ApiTestEnv::add_account(const std::string& id_token) {
  const std::string name = "account " + id_token;  // soci binds a reference: no temporaries
  sql() << "INSERT INTO accounts (id_token, name, created_on) VALUES (:t, :n, NOW())", soci::use(id_token),
      soci::use(name);
  long long id = 0;
  sql() << "SELECT LAST_INSERT_ID()", soci::into(id);
  return static_cast<std::uint32_t>(id);
}

std::uint32_t ApiTestEnv::add_monitor(const std::string& tls_name, const std::string& ip, const std::string& ip_version,
                                      const std::string& status, std::optional<std::uint32_t> account_id,
                                      const std::string& client_version) {
  long long account = account_id ? static_cast<long long>(*account_id) : 0;
  soci::indicator account_ind = account_id ? soci::i_ok : soci::i_null;
  sql() << "INSERT INTO monitors (type, account_id, ip, ip_version, tls_name, status, config, client_version, created_on) "
           "VALUES ('monitor', :a, :ip, :v, :t, :s, '{}', :cv, NOW())",
      soci::use(account, account_ind), soci::use(ip), soci::use(ip_version), soci::use(tls_name), soci::use(status),
      soci::use(client_version);
  long long id = 0;
  sql() << "SELECT LAST_INSERT_ID()", soci::into(id);
  return static_cast<std::uint32_t>(id);
}

void ApiTestEnv::add_system_defaults(const std::string& ip_version, const std::string& config_json) {
  std::string name = "settings-" + ip_version + ".system";
  sql() << "INSERT INTO monitors (type, tls_name, status, config, created_on) VALUES ('monitor', :t, 'active', :c, NOW())",
      soci::use(name), soci::use(config_json);
}

std::uint32_t ApiTestEnv::add_server(const std::string& ip) {
  std::string version = ip.find(':') == std::string::npos ? "v4" : "v6";
  sql() << "INSERT INTO servers (ip, ip_version, created_on) VALUES (:ip, :v, NOW())", soci::use(ip), soci::use(version);
  long long id = 0;
  sql() << "SELECT LAST_INSERT_ID()", soci::into(id);
  return static_cast<std::uint32_t>(id);
}

void ApiTestEnv::add_pair(std::uint32_t monitor_id, std::uint32_t server_id, double score_raw, const std::string& status) {
  sql() << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) VALUES (:m, :s, :r, :st, NOW())",
      soci::use(monitor_id), soci::use(server_id), soci::use(score_raw), soci::use(status);
}

std::string ApiTestEnv::fingerprint() {
  std::string out;
  for (const char* table : {"accounts", "monitors", "servers", "server_scores", "log_scores", "monitor_registrations",
                            "api_keys", "api_keys_monitors", "monitor_certificates", "monitor_submitted_batches",
                            "system_settings"}) {
    soci::rowset<soci::row> rows = (sql().prepare << "CHECKSUM TABLE " + std::string(table) + " EXTENDED");
    for (const auto& row : rows) {
      std::string sum = "null";
      if (row.get_indicator(1) != soci::i_null) {
        switch (row.get_properties(1).get_data_type()) {
          case soci::dt_unsigned_long_long: sum = std::to_string(row.get<unsigned long long>(1)); break;
          case soci::dt_long_long: sum = std::to_string(row.get<long long>(1)); break;
          case soci::dt_integer: sum = std::to_string(row.get<int>(1)); break;
          case soci::dt_double: sum = std::to_string(row.get<double>(1)); break;
          default: sum = row.get<std::string>(1); break;
        }
      }
      out += std::string(table) + "=" + sum + ";";
    }
  }
  return out;
}

std::string ip4_bytes(const std::string& dotted) { return api::parse_ip(dotted).value().bytes; }

std::string json_field(const std::string& body, const std::string& key) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains(key) || !doc[key].is_string()) return {};
  return doc[key].get<std::string>();
}

}  // namespace ntpmon::test
