// Certificates (spec/agent.md §8, decisions "Certificates" and A7; §20 tests 94-117).
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <ratio>
#include <thread>

#include "pki/validity.h"
#include "state/app_config.h"
#include "support/agent_test_util.h"
#include "support/fake_config_api.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using testing::make_test_certificate;

std::unique_ptr<AppConfig> make_app(const std::filesystem::path& base, std::shared_ptr<ConfigApi> api = nullptr) {
  AppConfigOptions o;
  o.base_dir = base;
  o.env = DeploymentEnv::devel;
  o.api = std::move(api);
  return std::make_unique<AppConfig>(std::move(o));
}

// Tests 94, 116: save puts the files in <dir>/devel; presence only after a load.
TEST(AgentCertificates, SaveThenLoad_Tests94_116) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  auto& certs = app->certificates();
  EXPECT_FALSE(certs.have_certificate());
  const auto c = make_test_certificate(-1h, 24h);
  certs.save(c.cert_pem, c.key_pem);
  EXPECT_TRUE(std::filesystem::exists(dir / "devel" / "cert.pem"));
  EXPECT_TRUE(std::filesystem::exists(dir / "devel" / "key.pem"));
  EXPECT_FALSE(certs.have_certificate());
  EXPECT_EQ(certs.load(), CertificateStore::LoadResult::loaded_new);
  EXPECT_TRUE(certs.have_certificate());
  EXPECT_EQ(certs.load(), CertificateStore::LoadResult::loaded_same);
}

// Tests 95, 96, 98, 113: garbage, missing files, a corrupted key, empty files.
TEST(AgentCertificates, BadFilesDoNotLoad_Tests95_96_98_113) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  auto& certs = app->certificates();
  EXPECT_EQ(certs.load(), CertificateStore::LoadResult::not_found);  // 96
  certs.save("garbage", "more garbage");                              // 95
  EXPECT_THROW(certs.load(), std::runtime_error);
  certs.save("", "");                                                 // 113
  EXPECT_THROW(certs.load(), std::runtime_error);
  EXPECT_FALSE(certs.have_certificate());
  const auto c = make_test_certificate(-1h, 24h);
  certs.save(c.cert_pem, c.key_pem);
  ASSERT_EQ(certs.load(), CertificateStore::LoadResult::loaded_new);
  testing::write_text(certs.key_path(), c.key_pem.substr(0, c.key_pem.size() / 2));  // 98
  EXPECT_THROW(certs.load(), std::runtime_error);
  EXPECT_TRUE(certs.have_certificate());  // the installed one stays
  const auto other = make_test_certificate(-1h, 24h);  // a key that does not match
  testing::write_text(certs.key_path(), other.key_pem);
  EXPECT_THROW(certs.load(), std::runtime_error);
}

// Test 97: independent configs saving and loading concurrently.
TEST(AgentCertificates, ConcurrentConfigs_Test97) {
  testing::TempDir dir;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] {
      try {
        auto app = make_app(dir / ("c" + std::to_string(i)));
        for (int k = 0; k < 3; ++k) {
          const auto c = make_test_certificate(-1h, 24h);
          app->certificates().save(c.cert_pem, c.key_pem);
          if (app->certificates().load() == CertificateStore::LoadResult::not_found) ++errors;
        }
      } catch (...) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, 0);
}

// Tests 99-105: validity and next check (§8.4) through the store.
TEST(AgentCertificates, Validity_Tests99to105) {
  struct Case {
    const char* id;
    std::chrono::seconds from, to;
    bool valid;
    std::chrono::seconds min_next, max_next;
  };
  const Case cases[] = {
      {"99", -1h, 24h * 365, true, 1s, 24h * 365},
      {"100", -2h, 10min, false, 43min, 44min},
      {"101", -2h, -1h, false, 20min - 2s, 20min + 2s},
      {"102", -1h, 24h * 90, true, 1h, 24h * 90},
      {"103", 5min, 24h, true, 1s, 24h},
      {"104", -48h, -24h, false, 1s, 2h},
      {"105", -3h, 30min, false, 1s, 3h},
  };
  for (const Case& c : cases) {
    testing::TempDir dir;
    auto app = make_app(dir.path());
    const auto cert = make_test_certificate(c.from, c.to);
    app->certificates().save(cert.cert_pem, cert.key_pem);
    app->certificates().load();
    const auto v = app->certificates().validity();
    EXPECT_TRUE(v.have_certificate) << c.id;
    EXPECT_EQ(v.valid, c.valid) << c.id;
    EXPECT_GE(v.next_check, c.min_next) << c.id;
    EXPECT_LE(v.next_check, c.max_next) << c.id;
  }
}

// Test 102: dates within a minute of the inputs, remaining > 89 days.
TEST(AgentCertificates, Dates_Test102) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  const auto now = std::chrono::system_clock::now();
  const auto cert = make_test_certificate(-1h, 24h * 90);
  app->certificates().save(cert.cert_pem, cert.key_pem);
  app->certificates().load();
  const auto dates = app->certificates().dates();
  ASSERT_TRUE(dates);
  EXPECT_LT(std::chrono::abs(dates->not_before - (now - 1h)), 1min);
  EXPECT_LT(std::chrono::abs(dates->not_after - (now + 24h * 90)), 1min);
  EXPECT_GT(dates->not_after - now, 24h * 89);
}

// Tests 106, 107, 108 (A7): an addition and a replacement both notify through a load.
TEST(AgentCertificates, AdditionAndReplacementNotify_Tests106to108) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  auto waiter = app->wait_for_config_change();
  const auto first = make_test_certificate(-1h, 24h);
  app->certificates().save(first.cert_pem, first.key_pem);
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(waiter->wait({}, 1s), ChangeWaiter::Outcome::changed);  // 107
  EXPECT_TRUE(app->certificates().have_certificate());

  auto unchanged = app->wait_for_config_change();
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(unchanged->wait({}, 50ms), ChangeWaiter::Outcome::timeout);  // same certificate: no event

  const auto second = make_test_certificate(-1h, 48h);
  app->certificates().save(second.cert_pem, second.key_pem);
  auto replaced = app->wait_for_config_change();
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(replaced->wait({}, 1s), ChangeWaiter::Outcome::changed);  // 108
  EXPECT_LT(std::chrono::abs(app->certificates().dates()->not_after - (std::chrono::system_clock::now() + 48h)),
            1min);  // 106
}

// Tests 109-112: the TLS callbacks present the certificate; without one, none.
TEST(AgentCertificates, TlsHolder_Tests109to112) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  const auto holder = app->certificates().holder();
  EXPECT_EQ(holder->current(), nullptr);  // 112
  const auto c = make_test_certificate(-1h, 24h);
  app->certificates().save(c.cert_pem, c.key_pem);
  app->certificates().load();
  ASSERT_NE(holder->current(), nullptr);  // 109, 110: same holder, now with a certificate
  EXPECT_FALSE(holder->current()->leaf().to_pem().empty());
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());  // 111: installable in a TLS context
  pki::use_as_client_certificate(ctx, holder);
  SSL_CTX_free(ctx);
}

// Test 114: key.pem has no group/other bits; cert.pem is world-readable.
TEST(AgentCertificates, KeyFileMode_Test114) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  const auto c = make_test_certificate(-1h, 24h);
  app->certificates().save(c.cert_pem, c.key_pem);
  EXPECT_EQ(testing::file_mode(app->certificates().key_path()) & 077, 0U);
  EXPECT_EQ(testing::file_mode(app->certificates().cert_path()), 0644U);
  app->certificates().ensure_private_key();
  EXPECT_EQ(testing::file_mode(app->certificates().key_path()), 0600U);
}

// Tests 63, 115: no certificate -> no dates, not valid.
TEST(AgentCertificates, NoCertificate_Tests63_115) {
  testing::TempDir dir;
  auto app = make_app(dir.path());
  EXPECT_FALSE(app->certificates().dates());
  const auto v = app->certificates().validity();
  EXPECT_FALSE(v.have_certificate);
  EXPECT_FALSE(v.valid);
  EXPECT_FALSE(app->certificates().usable());
}

// Test 117: the renewal threshold is the named constant 1/3.
TEST(AgentCertificates, RenewalThresholdConstant_Test117) {
  static_assert(std::ratio_equal_v<pki::RenewWhenRemainingFraction, std::ratio<1, 3>>);
  const pki::CertificateDates d{std::chrono::sys_seconds{0s}, std::chrono::sys_seconds{90000s}};
  EXPECT_EQ(pki::renewal_threshold(d), 30000s);
}

// Decision "Certificates": the agent's own key (0600) signs a CSR; the issued certificate is
// installed at once (A8) and notifies; renewal once less than 1/3 of the lifetime remains.
TEST(AgentCertificates, IssuedFromCsrAndRenewed) {
  testing::TempDir dir;
  testing::FakeConfigApi api;
  api::MonitorStatusConfig cfg;
  cfg.name = "x1";
  cfg.tls_name = "x1-abc.devel.mon.ntppool.dev";
  cfg.ipv4 = {"testing", "192.0.2.10"};
  api.set_config(cfg);
  auto app = make_app(dir.path(), api.client());
  app->set_api_key("key");

  // Not issuable yet: the server refuses, the load still succeeds, nothing installed.
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(api.certificate_requests(), 1);
  EXPECT_FALSE(app->certificates().have_certificate());

  api.enable_certificates(std::chrono::hours(24));
  auto waiter = app->wait_for_config_change();
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(waiter->wait({}, 1s), ChangeWaiter::Outcome::changed);
  ASSERT_TRUE(app->certificates().have_certificate());
  EXPECT_EQ(testing::file_mode(app->certificates().key_path()), 0600U);
  const auto key_pem = testing::read_text(app->certificates().key_path());
  EXPECT_EQ(app->certificates().holder()->current()->leaf().dns_names(),
            std::vector<std::string>{"x1-abc.devel.mon.ntppool.dev"});

  // Valid: no new request.
  const int requests = api.certificate_requests();
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(api.certificate_requests(), requests);

  // A certificate past 2/3 of its lifetime is renewed, for the key on disk.
  const auto old = make_test_certificate(-20h, 4h);
  app->certificates().save(old.cert_pem, old.key_pem);
  EXPECT_TRUE(app->load().ok());
  EXPECT_EQ(api.certificate_requests(), requests + 1);
  ASSERT_TRUE(app->certificates().dates());
  EXPECT_GT(app->certificates().dates()->not_after, std::chrono::system_clock::now() + 20h);
  EXPECT_TRUE(app->certificates().validity().valid);
  EXPECT_TRUE(app->certificates().holder()->current()->key().same_public_key(pki::PrivateKey::from_pem(old.key_pem)));
  EXPECT_NE(testing::read_text(app->certificates().key_path()), key_pem);
}

}  // namespace
}  // namespace ntpmon::agent
