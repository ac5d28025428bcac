// The whole life of an agent against a real monitor-api (real TLS, real database, the operator
// commands run as processes): register -> approve -> config -> CSR -> certificate -> GetConfig
// -> GetServers -> SubmitResults -> rows with the step and score of spec/scorer.md §2.5-§2.7.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

#include "api/json_codec.h"
#include "api/paths.h"
#include "api/ulid.h"
#include "api_test_env.h"
#include "pki/certificate.h"
#include "pki/csr.h"
#include "pki/key_pair.h"
#include "subprocess.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono;

ProcessResult admin(ApiTestEnv& env, std::vector<std::string> args) {
  args.insert(args.begin(), program_path("monitor-admin"));
  return run_process(args, {{"DATABASE_DSN", env.database().dsn_text()}});
}

api::ServerStatus result_for(const api::Server& server, system_clock::time_point now) {
  api::ServerStatus s;
  s.ticket = server.ticket;
  s.ip_bytes = server.ip_bytes;
  s.ts = api::Timestamp{duration_cast<seconds>(now.time_since_epoch()).count() - 2, 0};
  s.stratum = 2;
  s.rtt = api::Duration{0, 10'000'000};
  return s;
}

TEST(ApiFlow, RegisterApproveCertifyCheckSubmit) {
  ApiTestEnv env("api_flow");
  auto anonymous = env.client();
  const std::string registration_id = api::Ulid::generate().to_string();
  const Headers reg_headers{{api::kRegistrationIdHeader, registration_id}, {"User-Agent", "ntppool-agent/4.1.5"}};

  // 1. The agent registers (and polls) from 127.0.0.1.
  auto first = anonymous->post(api::kRegistrationPath, "hostname=agent-host", "application/x-www-form-urlencoded", reg_headers);
  ASSERT_EQ(first.status, 200) << first.body;
  auto pending = api::decode_registration_response(first.body);
  EXPECT_EQ(pending.status, "pending");
  ASSERT_EQ(pending.url.rfind("https://127.0.0.1/monitor/registration/", 0), 0u) << pending.url;
  EXPECT_TRUE(pending.api_token.empty());
  auto again = api::decode_registration_response(
      anonymous->post(api::kRegistrationPath, "hostname=agent-host", "application/x-www-form-urlencoded", reg_headers).body);
  EXPECT_EQ(again.url, pending.url);

  // The URL shows the operator what to run.
  auto page = anonymous->get(pending.url.substr(std::string("https://127.0.0.1").size()));
  ASSERT_EQ(page.status, 200) << page.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("registrations approve (\\d+)"))) << page.body;
  const std::string reg_id = m[1];

  // 2. The operator creates the account and approves.
  auto account = admin(env, {"accounts", "add", "Example Org", "--monitors-per-server-limit", "2"});
  ASSERT_EQ(account.exit_status, 0) << account.err;
  std::smatch am;
  ASSERT_TRUE(std::regex_search(account.out, am, std::regex("added account (\\d+) \\(id_token (\\w+)\\)"))) << account.out;
  auto list = admin(env, {"registrations", "list"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  EXPECT_NE(list.out.find("127.0.0.1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("agent-host"), std::string::npos) << list.out;
  auto approve = admin(env, {"registrations", "approve", reg_id, "--account", am[1], "--location", "defra", "--env", "test"});
  ASSERT_EQ(approve.exit_status, 0) << approve.err;
  const std::string tls_name = "defra1-" + am[2].str() + ".test.mon.ntppool.dev";
  EXPECT_NE(approve.out.find(tls_name), std::string::npos) << approve.out;

  // 3. The next poll delivers the API key, exactly once.
  auto accepted = api::decode_registration_response(
      anonymous->post(api::kRegistrationPath, "", "application/x-www-form-urlencoded", reg_headers).body);
  ASSERT_EQ(accepted.status, "accepted");
  ASSERT_FALSE(accepted.api_token.empty());
  auto completed = api::decode_registration_response(
      anonymous->post(api::kRegistrationPath, "", "application/x-www-form-urlencoded", reg_headers).body);
  EXPECT_EQ(completed.status, "completed");
  EXPECT_TRUE(completed.api_token.empty());
  std::string stored_hash;
  env.sql() << "SELECT token_hashed FROM api_keys", soci::into(stored_hash);
  EXPECT_EQ(stored_hash.find(accepted.api_token), std::string::npos);  // never stored in clear

  const Headers auth{{"Authorization", "Bearer " + accepted.api_token}};
  // 4. Config endpoint: name, tls_name, per-family status.
  auto config_reply = anonymous->get(std::string(api::kConfigPath) + "?request_certificate=true", auth);
  ASSERT_EQ(config_reply.status, 200) << config_reply.body;
  auto status = api::decode_monitor_status_config(config_reply.body);
  EXPECT_EQ(status.tls_name, tls_name);
  EXPECT_EQ(status.name, "defra1-" + am[2].str());
  EXPECT_EQ(status.ipv4.status, "testing");
  EXPECT_EQ(status.ipv4.ip, "127.0.0.1");
  EXPECT_EQ(status.ipv6.ip, "");

  // 5. A certificate from a CSR; the key stays here.
  AgentIdentity agent{tls_name, pki::PrivateKey::generate()};
  api::CertificateRequestBody csr{pki::make_csr_pem(agent.key, {"ignored subject", {"evil.example.org"}})};
  auto cert_reply = anonymous->post(api::kCertificatePath, api::to_json(csr), "application/json", auth);
  ASSERT_EQ(cert_reply.status, 200) << cert_reply.body;
  auto issued = api::decode_certificate_response(cert_reply.body);
  auto leaf = pki::Certificate::from_pem(issued.certificate);
  EXPECT_EQ(leaf.dns_names(), std::vector<std::string>{tls_name});
  EXPECT_EQ(leaf.serial_hex(), issued.serial);
  EXPECT_EQ(issued.ca_certificate, env.ca().certificate_pem());
  EXPECT_NEAR(duration_cast<hours>(leaf.not_after() - leaf.not_before()).count(), 30 * 24, 1);
  int recorded = 0;
  env.sql() << "SELECT COUNT(*) FROM monitor_certificates WHERE serial = :s AND tls_name = :t", soci::use(issued.serial),
      soci::use(tls_name), soci::into(recorded);
  EXPECT_EQ(recorded, 1);
  agent.holder->set(pki::CertificateKeyPair::from_pem(issued.certificate, agent.key.to_pem()));

  // 6. RPCs with the certificate.
  env.add_system_defaults("v4", R"({"samples":3,"base_checks":["time.example.org"]})");
  auto rpc = env.client(agent.holder);
  auto get_config = rpc->post(api::kGetConfigPath, api::to_json(api::GetConfigRequest{"127.0.0.1"}), "application/json",
                              {{"User-Agent", "ntppool-agent/4.1.5"}, {"Connect-Protocol-Version", "1"}});
  ASSERT_EQ(get_config.status, 200) << get_config.body;
  auto config = api::decode_get_config_response(get_config.body);
  EXPECT_EQ(config.samples, 3);
  EXPECT_EQ(config.base_checks, std::vector<std::string>{"time.example.org"});
  EXPECT_EQ(config.ip_bytes, ip4_bytes("127.0.0.1"));
  std::string client_version;
  env.sql() << "SELECT client_version FROM monitors WHERE tls_name = :t", soci::use(tls_name), soci::into(client_version);
  EXPECT_EQ(client_version, "4.1.5");

  // Servers to check: added by the operator; the pairs come from the selector (a fixture here).
  std::vector<std::uint32_t> servers;
  for (const char* ip : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
    auto r = admin(env, {"servers", "add", ip});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    long long id = 0;
    const std::string ip_text = ip;  // soci binds a reference: no temporaries
    env.sql() << "SELECT id FROM servers WHERE ip = :ip", soci::use(ip_text), soci::into(id);
    servers.push_back(static_cast<std::uint32_t>(id));
  }
  long long monitor_id = 0;
  env.sql() << "SELECT id FROM monitors WHERE tls_name = :t", soci::use(tls_name), soci::into(monitor_id);
  env.add_pair(static_cast<std::uint32_t>(monitor_id), servers[0], 20);  // P1
  env.add_pair(static_cast<std::uint32_t>(monitor_id), servers[1], 20);  // P3
  env.add_pair(static_cast<std::uint32_t>(monitor_id), servers[2], 15);  // P2

  auto get_servers = rpc->post(api::kGetServersPath, api::to_json(api::GetServersRequest{"127.0.0.1"}));
  ASSERT_EQ(get_servers.status, 200) << get_servers.body;
  auto batch = api::decode_get_servers_response(get_servers.body);
  ASSERT_EQ(batch.servers.size(), 3u);
  ASSERT_TRUE(batch.config.has_value());
  int stamped = 0;
  env.sql() << "SELECT COUNT(*) FROM server_scores WHERE monitor_id = :m AND queue_ts IS NOT NULL", soci::use(monitor_id),
      soci::into(stamped);
  EXPECT_EQ(stamped, 3);
  // Handed out: not due again right away.
  auto empty = api::decode_get_servers_response(rpc->post(api::kGetServersPath, R"({"monId":"127.0.0.1"})").body);
  EXPECT_TRUE(empty.servers.empty());

  api::SubmitResultsRequest submit;
  submit.version = 4;
  submit.mon_id = "127.0.0.1";
  submit.batch_id = batch.batch_id;
  const auto now = system_clock::now();
  for (const auto& server : batch.servers) {
    auto s = result_for(server, now);
    if (server.ip_bytes == ip4_bytes("192.0.2.1")) {
      s.offset = api::Duration{0, 50'000'000};  // P1
    } else if (server.ip_bytes == ip4_bytes("192.0.2.2")) {
      s.no_response = true;  // P3
      s.error = "network: i/o timeout";
      s.rtt.reset();
    } else {
      s.stratum = 0;  // P2
      s.error = "RATE";
      s.leap = 3;
      s.rtt = api::Duration{0, 20'000'000};
    }
    submit.list.push_back(s);
  }
  auto submitted = rpc->post(api::kSubmitResultsPath, api::to_json(submit));
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_TRUE(api::decode_submit_results_response(submitted.body).ok);

  struct Expected {
    std::uint32_t server;
    double score, step;
    std::optional<double> offset;
    std::optional<int> rtt;
    std::optional<std::string> attributes;
  };
  for (const auto& e : {Expected{servers[0], 19.83365, 0.83365, 0.05, 10000, std::nullopt},
                        Expected{servers[1], 14, -5, std::nullopt, std::nullopt, R"({"error":"network: i/o timeout"})"},
                        Expected{servers[2], 10.75, -3.5, std::nullopt, 20000, R"({"leap":3,"error":"RATE"})"}}) {
    double score = 0, step = 0, offset = 0, score_raw = 0;
    int rtt = 0;
    std::string attributes;
    soci::indicator offset_ind, rtt_ind, attr_ind;
    env.sql() << "SELECT score, step, `offset`, rtt, attributes FROM log_scores WHERE server_id = :s AND monitor_id = :m",
        soci::use(e.server), soci::use(monitor_id), soci::into(score), soci::into(step), soci::into(offset, offset_ind),
        soci::into(rtt, rtt_ind), soci::into(attributes, attr_ind);
    EXPECT_NEAR(score, e.score, 1e-9) << e.server;
    EXPECT_NEAR(step, e.step, 1e-9) << e.server;
    EXPECT_EQ(offset_ind == soci::i_ok, e.offset.has_value()) << e.server;
    if (e.offset) {
      EXPECT_NEAR(offset, *e.offset, 1e-12);
    }
    EXPECT_EQ(rtt_ind == soci::i_ok ? std::optional<int>(rtt) : std::nullopt, e.rtt) << e.server;
    EXPECT_EQ(attr_ind == soci::i_ok ? std::optional<std::string>(attributes) : std::nullopt, e.attributes) << e.server;
    env.sql() << "SELECT score_raw FROM server_scores WHERE server_id = :s AND monitor_id = :m", soci::use(e.server),
        soci::use(monitor_id), soci::into(score_raw);
    EXPECT_NEAR(score_raw, e.score, 1e-9) << e.server;
  }
  int stratum = 0;
  env.sql() << "SELECT stratum FROM servers WHERE id = :s", soci::use(servers[0]), soci::into(stratum);
  EXPECT_EQ(stratum, 2);
  soci::indicator no_stratum;
  env.sql() << "SELECT stratum FROM servers WHERE id = :s", soci::use(servers[2]), soci::into(stratum, no_stratum);
  EXPECT_EQ(no_stratum, soci::i_null);  // a RATE answer says nothing about the stratum (B22)

  // A replay is refused and changes nothing (B20).
  auto before = env.fingerprint();
  auto replay = rpc->post(api::kSubmitResultsPath, api::to_json(submit));
  EXPECT_EQ(replay.status, 409) << replay.body;
  EXPECT_EQ(json_field(replay.body, "code"), "already_exists");
  EXPECT_EQ(env.fingerprint(), before);

  // The admin view.
  auto monitors = admin(env, {"monitors", "list"});
  ASSERT_EQ(monitors.exit_status, 0) << monitors.err;
  EXPECT_NE(monitors.out.find(tls_name), std::string::npos) << monitors.out;
  auto paused = admin(env, {"monitors", "set-status", tls_name, "paused"});
  ASSERT_EQ(paused.exit_status, 0) << paused.err;
  auto refused = rpc->post(api::kGetConfigPath, R"({"monId":"127.0.0.1"})");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json_field(refused.body, "code"), "permission_denied");
}

}  // namespace
}  // namespace ntpmon::test
