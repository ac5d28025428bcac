#include "fake_config_api.h"

#include <httplib.h>

#include <optional>

#include "agent_test_util.h"
#include "api/connect_error.h"
#include "api/json_codec.h"
#include "api/paths.h"
#include "pki/ca.h"

namespace ntpmon::agent::testing {

struct FakeConfigApi::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  mutable std::mutex mutex;
  api::MonitorStatusConfig config;
  int failure = 0;
  std::set<std::string> unauthorized;
  std::chrono::milliseconds delay{0};
  int config_requests = 0;
  std::vector<std::string> keys;
  int certificate_requests = 0;
  std::vector<std::string> remotes;
  TempDir dir;
  std::optional<pki::CertificateAuthority> ca;
  std::chrono::seconds lifetime{0};

  // The bearer token, or nullopt after answering 401.
  std::optional<std::string> authorize(const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    std::string key = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : std::string();
    if (key.empty() || unauthorized.count(key) > 0) {
      res.status = 401;
      res.set_content(api::error_json(api::ErrorCode::unauthenticated, "invalid API key"), "application/json");
      return std::nullopt;
    }
    return key;
  }
};

FakeConfigApi::FakeConfigApi() : impl_(std::make_unique<Impl>()) {
  Impl* impl = impl_.get();
  impl->server.Get(api::kConfigPath, [impl](const httplib::Request& req, httplib::Response& res) {
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(impl->mutex);
      delay = impl->delay;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::lock_guard lock(impl->mutex);
    ++impl->config_requests;
    impl->remotes.push_back(req.remote_addr);
    auto key = impl->authorize(req, res);
    if (!key) return;
    impl->keys.push_back(*key);
    if (impl->failure != 0) {
      res.status = impl->failure;
      res.set_content(api::error_json(api::ErrorCode::internal, "fake failure"), "application/json");
      return;
    }
    res.set_content(api::to_json(impl->config), "application/json");
  });
  impl->server.Post(api::kCertificatePath, [impl](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(impl->mutex);
    ++impl->certificate_requests;
    impl->remotes.push_back(req.remote_addr);
    auto key = impl->authorize(req, res);
    if (!key) return;
    if (!impl->ca) {
      res.status = 403;
      res.set_content(api::error_json(api::ErrorCode::permission_denied, "monitor not active"), "application/json");
      return;
    }
    const auto body = api::decode_certificate_request(req.body);
    const std::string name = impl->config.tls_name.empty() ? "test.devel.mon.ntppool.dev" : impl->config.tls_name;
    const auto issued = impl->ca->issue_client_certificate(body.csr, name, impl->lifetime);
    api::CertificateResponse r;
    r.tls_name = name;
    r.certificate = issued.certificate_pem;
    r.ca_certificate = impl->ca->certificate_pem();
    r.serial = issued.serial_hex;
    r.not_before = api::Timestamp{issued.not_before.time_since_epoch().count(), 0};
    r.not_after = api::Timestamp{issued.not_after.time_since_epoch().count(), 0};
    res.set_content(api::to_json(r), "application/json");
  });
  impl->port = impl->server.bind_to_any_port("127.0.0.1");
  impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  while (!impl->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeConfigApi::~FakeConfigApi() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeConfigApi::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

std::shared_ptr<HttpConfigApi> FakeConfigApi::client() const {
  HttpClientOptions o;
  o.base = BaseUrl::parse(base_url());
  o.read_timeout = std::chrono::seconds(5);
  return std::make_shared<HttpConfigApi>(o);
}

void FakeConfigApi::set_config(const api::MonitorStatusConfig& config) {
  std::lock_guard lock(impl_->mutex);
  impl_->config = config;
}

void FakeConfigApi::set_config_failure(int status) {
  std::lock_guard lock(impl_->mutex);
  impl_->failure = status;
}

void FakeConfigApi::set_unauthorized_key(const std::string& key) {
  std::lock_guard lock(impl_->mutex);
  impl_->unauthorized.insert(key);
}

void FakeConfigApi::enable_certificates(std::chrono::seconds lifetime) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->ca) impl_->ca = pki::CertificateAuthority::init(impl_->dir / "ca");
  impl_->lifetime = lifetime;
}

void FakeConfigApi::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mutex);
  impl_->delay = delay;
}

int FakeConfigApi::config_requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->config_requests;
}

std::vector<std::string> FakeConfigApi::config_keys() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->keys;
}

int FakeConfigApi::certificate_requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->certificate_requests;
}

std::vector<std::string> FakeConfigApi::remote_addresses() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->remotes;
}

std::string FakeConfigApi::ca_pem() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->ca ? impl_->ca->certificate_pem() : std::string();
}

}  // namespace ntpmon::agent::testing
