// Authorisation of every kind of caller (issue 5 acceptance): each refusal carries its Connect
// code and a message naming the problem, and writes nothing.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "api/json_codec.h"
#include "api/paths.h"
#include "api/ulid.h"
#include "api_key.h"
#include "api_test_env.h"
#include "pki/csr.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono;

constexpr const char* kName = "defra1-abc.test.mon.ntppool.dev";
constexpr const char* kOtherName = "uspao1-abc.test.mon.ntppool.dev";

class ApiAuth : public ::testing::Test {
 protected:
  ApiAuth() : env_("api_auth"), agent_(env_.agent(kName)) {
    account_ = env_.add_account("abc");
    monitor_ = env_.add_monitor(kName, "127.0.0.1", "v4", "testing", account_);
    other_ = env_.add_monitor(kOtherName, "127.0.0.2", "v4", "active", account_);
    env_.add_system_defaults("v4", R"({"base_checks":["time.example.org"]})");
    server_ = env_.add_server("192.0.2.1");
    env_.add_server("192.0.2.2");
    env_.add_pair(monitor_, server_, 10);
    env_.add_pair(other_, server_, 10);
  }

  // A batch handed to `kName` by the server itself.
  api::GetServersResponse batch() {
    auto reply = env_.client(agent_.holder)->post(api::kGetServersPath, R"({"monId":"127.0.0.1"})");
    EXPECT_EQ(reply.status, 200) << reply.body;
    return api::decode_get_servers_response(reply.body);
  }

  api::SubmitResultsRequest submission(const api::GetServersResponse& b) {
    api::SubmitResultsRequest r;
    r.version = 4;
    r.mon_id = "127.0.0.1";
    r.batch_id = b.batch_id;
    for (const auto& s : b.servers) {
      api::ServerStatus st;
      st.ticket = s.ticket;
      st.ip_bytes = s.ip_bytes;
      st.ts = api::Timestamp{duration_cast<seconds>(system_clock::now().time_since_epoch()).count(), 0};
      st.stratum = 2;
      st.offset = api::Duration{0, 1'000'000};
      r.list.push_back(st);
    }
    return r;
  }

  // An API key of the kind registration hands out, linked to `monitor`.
  std::string link_api_key(std::uint32_t monitor) {
    auto key = monitor_api::generate_api_key();
    env_.sql() << "INSERT INTO api_keys (account_id, audience, token_lookup, token_hashed, created_on) "
                  "VALUES (:a, 'monitor-api', :l, :h, NOW())",
        soci::use(account_), soci::use(key.lookup), soci::use(key.hash);
    long long id = 0;
    env_.sql() << "SELECT LAST_INSERT_ID()", soci::into(id);
    env_.sql() << "INSERT INTO api_keys_monitors (api_key_id, monitor_id) VALUES (:k, :m)", soci::use(id),
        soci::use(monitor);
    return key.key;
  }

  void expect_refused(const Reply& reply, int status, const std::string& code, const std::string& message_part,
                      const std::string& before) {
    ASSERT_TRUE(reply.transport_ok) << reply.transport_error;
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.content_type, "application/json");
    EXPECT_EQ(json_field(reply.body, "code"), code) << reply.body;
    EXPECT_NE(json_field(reply.body, "message").find(message_part), std::string::npos) << reply.body;
    EXPECT_EQ(env_.fingerprint(), before) << "the refused call wrote something";
  }

  ApiTestEnv env_;
  AgentIdentity agent_;
  std::uint32_t account_ = 0, monitor_ = 0, other_ = 0, server_ = 0;
};

TEST_F(ApiAuth, WithoutClientCertificate) {
  auto before = env_.fingerprint();
  for (const char* path : {api::kGetConfigPath, api::kGetServersPath, api::kSubmitResultsPath}) {
    expect_refused(env_.client()->post(path, "{}"), 401, "unauthenticated", "client certificate is required", before);
  }
}

TEST_F(ApiAuth, CertificateFromAnotherCa) {
  auto other_ca = pki::CertificateAuthority::init(env_.dir() / "other-ca");
  auto foreign = env_.agent(kName, &other_ca);
  auto before = env_.fingerprint();
  expect_refused(env_.client(foreign.holder)->post(api::kGetConfigPath, R"({"monId":"127.0.0.1"})"), 401,
                 "unauthenticated", "client certificate rejected", before);
}

TEST_F(ApiAuth, ExpiredCertificate) {
  auto expired = env_.expired_agent(kName);
  auto before = env_.fingerprint();
  expect_refused(env_.client(expired.holder)->post(api::kGetServersPath, R"({"monId":"127.0.0.1"})"), 401,
                 "unauthenticated", "certificate has expired", before);
  // The API-key endpoints still work for such an agent (it must be able to renew).
  auto config = env_.client(expired.holder)->get(api::kConfigPath, {{"Authorization", "Bearer ntpm_bogus"}});
  EXPECT_EQ(config.status, 401) << config.body;
}

TEST_F(ApiAuth, CertificateWithoutMonitorName) {
  auto stranger = env_.agent("www.example.org");
  auto before = env_.fingerprint();
  expect_refused(env_.client(stranger.holder)->post(api::kGetConfigPath, "{}"), 401, "unauthenticated",
                 "names no monitor", before);
}

TEST_F(ApiAuth, UnknownMonitorOrWrongIp) {
  auto unknown = env_.agent("zzzzz1-abc.test.mon.ntppool.dev");
  auto before = env_.fingerprint();
  expect_refused(env_.client(unknown.holder)->post(api::kGetConfigPath, "{}"), 404, "not_found", "no such monitor", before);
  expect_refused(env_.client(agent_.holder)->post(api::kGetConfigPath, R"({"monId":"127.0.0.9"})"), 404, "not_found",
                 "no such monitor", before);
}

TEST_F(ApiAuth, MonitorNotLive) {
  for (const char* status : {"paused", "pending", "deleted"}) {
    const std::string status_text = status;  // soci binds a reference: no temporaries
    env_.sql() << "UPDATE monitors SET status = :s WHERE id = :id", soci::use(status_text), soci::use(monitor_);
    auto before = env_.fingerprint();
    auto client = env_.client(agent_.holder);
    for (const char* path : {api::kGetConfigPath, api::kGetServersPath}) {
      expect_refused(client->post(path, R"({"monId":"127.0.0.1"})"), 403, "permission_denied",
                     std::string("not active (status ") + status + ")", before);
    }
    api::SubmitResultsRequest empty{4, "127.0.0.1", {}, api::Ulid::generate().to_string()};
    expect_refused(client->post(api::kSubmitResultsPath, api::to_json(empty)), 403, "permission_denied", "not active",
                   before);
  }
  // Deleted by the operator (deleted_on set): the row no longer answers at all.
  env_.sql() << "UPDATE monitors SET status = 'deleted', deleted_on = NOW() WHERE id = :id", soci::use(monitor_);
  auto before = env_.fingerprint();
  expect_refused(env_.client(agent_.holder)->post(api::kGetConfigPath, R"({"monId":"127.0.0.1"})"), 404, "not_found",
                 "no such monitor", before);
}

TEST_F(ApiAuth, TicketOfAnotherMonitor) {
  auto other_agent = env_.agent(kOtherName);
  auto other_reply = env_.client(other_agent.holder)->post(api::kGetServersPath, R"({"monId":"127.0.0.2"})");
  ASSERT_EQ(other_reply.status, 200) << other_reply.body;
  auto theirs = api::decode_get_servers_response(other_reply.body);
  ASSERT_EQ(theirs.servers.size(), 1u);
  auto request = submission(theirs);  // their batch and tickets, submitted with our certificate
  auto before = env_.fingerprint();
  expect_refused(env_.client(agent_.holder)->post(api::kSubmitResultsPath, api::to_json(request)), 400,
                 "invalid_argument", "list[0].ticket: signature validation failed", before);
}

TEST_F(ApiAuth, TicketOfAnotherBatch) {
  auto mine = batch();
  ASSERT_EQ(mine.servers.size(), 1u);
  auto request = submission(mine);
  request.batch_id = api::Ulid::generate().to_string();
  auto before = env_.fingerprint();
  expect_refused(env_.client(agent_.holder)->post(api::kSubmitResultsPath, api::to_json(request)), 400,
                 "invalid_argument", "list[0].ticket", before);
}

TEST_F(ApiAuth, ResultForAServerNotInTheBatch) {
  auto mine = batch();
  auto request = submission(mine);
  auto extra = request.list.front();
  extra.ip_bytes = ip4_bytes("192.0.2.2");  // a real server, but not handed to this batch
  request.list.push_back(extra);
  auto before = env_.fingerprint();
  expect_refused(env_.client(agent_.holder)->post(api::kSubmitResultsPath, api::to_json(request)), 400,
                 "invalid_argument", "list[1].ticket: signature validation failed for server 192.0.2.2", before);
}

TEST_F(ApiAuth, OutOfOrderBatch) {
  auto older = batch();
  api::GetServersResponse newer;
  do {  // a later millisecond (equal batch times are in order)
    env_.sql() << "UPDATE server_scores SET queue_ts = NULL";
    newer = batch();
  } while (api::Ulid::parse(newer.batch_id).time() <= api::Ulid::parse(older.batch_id).time());
  ASSERT_EQ(env_.client(agent_.holder)->post(api::kSubmitResultsPath, api::to_json(submission(newer))).status, 200);
  auto before = env_.fingerprint();
  expect_refused(env_.client(agent_.holder)->post(api::kSubmitResultsPath, api::to_json(submission(older))), 400,
                 "failed_precondition", "older than the monitor's last submitted batch", before);
}

TEST_F(ApiAuth, WrongApiKey) {
  auto valid_key = link_api_key(monitor_);
  api::CertificateRequestBody csr{pki::make_csr_pem(pki::PrivateKey::generate())};
  auto before = env_.fingerprint();
  auto client = env_.client();
  auto wrong_secret = valid_key;
  wrong_secret.back() = wrong_secret.back() == 'a' ? 'b' : 'a';
  for (const std::string& header : {std::string(), "Bearer " + wrong_secret,
                                    std::string("Bearer ntpm_0123456789abcdef_0123456789abcdefghjkmnpqrstvwxyz"),
                                    std::string("Bearer garbage"), std::string("Basic dXNlcjpwYXNz")}) {
    Headers h;
    if (!header.empty()) h.emplace_back("Authorization", header);
    expect_refused(client->get(api::kConfigPath, h), 401, "unauthenticated", "API key", before);
    expect_refused(client->post(api::kCertificatePath, api::to_json(csr), "application/json", h), 401, "unauthenticated",
                   "API key", before);
  }
}

TEST_F(ApiAuth, CertificatesOnlyForLiveMonitors) {
  auto key = link_api_key(monitor_);
  env_.sql() << "UPDATE monitors SET status = 'pending' WHERE id = :id", soci::use(monitor_);
  api::CertificateRequestBody csr{pki::make_csr_pem(pki::PrivateKey::generate())};
  auto before = env_.fingerprint();
  expect_refused(env_.client()->post(api::kCertificatePath, api::to_json(csr), "application/json",
                                     {{"Authorization", "Bearer " + key}}),
                 403, "permission_denied", "active or testing (v4 pending)", before);
  // The config endpoint answers a pending monitor (its agent waits for activation) and notes the key's use.
  auto config = env_.client()->get(api::kConfigPath, {{"Authorization", "Bearer " + key}});
  EXPECT_EQ(config.status, 200) << config.body;
  EXPECT_EQ(api::decode_monitor_status_config(config.body).ipv4.status, "pending");
}

}  // namespace
}  // namespace ntpmon::test
