#include "api_server.h"

#include "api_context.h"
#include "api_router.h"
#include "db/pool.h"
#include "https_listener.h"
#include "metrics/listen_address.h"
#include "pki/ca.h"
#include "server_certificate.h"
#include "ticket_store.h"

namespace ntpmon::monitor_api {
namespace {

db::PoolOptions pool_options(const ApiSettings& settings) {
  db::PoolOptions options;
  options.max_size = settings.database_connections;
  options.acquire_timeout = std::chrono::seconds(10);
  return options;
}

}  // namespace

struct ApiServer::Impl {
  ApiSettings settings;
  log::Logger logger;
  pki::CertificateAuthority ca;
  ServerCertificate server_certificate;
  TicketStore tickets;
  db::Pool pool;
  ApiMetrics metrics;
  ApiContext context;
  ApiRouter router;
  std::unique_ptr<HttpsListener> listener;

  Impl(ApiSettings s, const db::Dsn& dsn, log::Logger log, metrics::Registry& registry)
      : settings(std::move(s)),
        logger(std::move(log)),
        ca(pki::CertificateAuthority::load(settings.ca_dir)),
        server_certificate(settings.tls_cert, settings.tls_key, logger),
        tickets(settings.ticket_key_file, logger),
        pool(dsn, pool_options(settings)),
        metrics(registry),
        context{pool, tickets, ca, metrics, settings, logger, [] { return std::chrono::system_clock::now(); }, {}},
        router(context) {
    { auto check = pool.acquire(); }  // fail at start, not on the first request
    context.public_url = settings.public_url;
    if (context.public_url.empty()) {
      auto port = metrics::parse_listen_address(settings.listen).port;
      context.public_url = "https://" + server_certificate.first_name() +
                           (port == 443 || port == 0 ? std::string() : ":" + std::to_string(port));
    }
    HttpsOptions options;
    options.threads = settings.threads;
    listener = std::make_unique<HttpsListener>(
        settings.listen, server_certificate.holder(), std::vector<pki::Certificate>{ca.certificate()},
        [this](const ApiRequest& request) { return router.handle(request); }, options, logger);
  }
};

ApiServer::ApiServer(ApiSettings settings, const db::Dsn& dsn, log::Logger logger, metrics::Registry& registry)
    : impl_(std::make_unique<Impl>(std::move(settings), dsn, std::move(logger), registry)) {}

ApiServer::~ApiServer() { stop(); }

std::uint16_t ApiServer::port() const { return impl_->listener->port(); }
std::string ApiServer::address() const { return impl_->listener->address(); }
const std::string& ApiServer::public_url() const { return impl_->context.public_url; }

bool ApiServer::database_ok(std::string* problem) const {
  try {
    auto lease = impl_->pool.acquire();
    return true;
  } catch (const std::exception& e) {
    if (problem != nullptr) *problem = e.what();
    return false;
  }
}

void ApiServer::reload_changed_files() {
  impl_->tickets.reload_if_changed();
  impl_->server_certificate.reload_if_changed();
}

void ApiServer::stop() {
  if (impl_ && impl_->listener) impl_->listener->stop();
}

}  // namespace ntpmon::monitor_api
