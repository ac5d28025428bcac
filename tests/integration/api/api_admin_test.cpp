// The operator commands of monitor-api's area, run as processes (monitor-admin ca, tickets,
// accounts, servers, registrations, monitors).
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "api/ticket_key_file.h"
#include "pki/ca.h"
#include "pki/certificate.h"
#include "subprocess.h"
#include "test_database.h"

namespace ntpmon::test {
namespace {

ProcessResult admin(const TestDatabase* db, std::vector<std::string> args) {
  args.insert(args.begin(), program_path("monitor-admin"));
  std::map<std::string, std::string> env{{"DEPLOYMENT_MODE", "\x01unset"}, {"MONITOR_API_CA_DIR", "\x01unset"}};
  env["DATABASE_DSN"] = db != nullptr ? db->dsn_text() : "\x01unset";
  return run_process(args, env);
}

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("admin-api-" + std::to_string(::getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(ApiAdmin, CaInitIssueServerAndTicketRotation) {
  TempDir tmp;
  auto ca_dir = (tmp.path / "ca").string();
  auto init = admin(nullptr, {"ca", "init", "--ca-dir", ca_dir});
  ASSERT_EQ(init.exit_status, 0) << init.err;
  struct stat st {};
  ASSERT_EQ(::stat((tmp.path / "ca" / "ca.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = admin(nullptr, {"ca", "init", "--ca-dir", ca_dir});
  EXPECT_EQ(again.exit_status, 1);  // never overwrites a CA by accident
  EXPECT_NE(again.err.find("ca"), std::string::npos) << again.err;

  auto issue = admin(nullptr, {"ca", "issue-server", "api.example.org", "127.0.0.1", "--ca-dir", ca_dir, "--cert",
                               (tmp.path / "tls.crt").string(), "--key", (tmp.path / "tls.key").string()});
  ASSERT_EQ(issue.exit_status, 0) << issue.err;
  auto chain = pki::read_certificate_chain_file(tmp.path / "tls.crt");
  EXPECT_EQ(chain.front().info().dns_names, std::vector<std::string>{"api.example.org"});
  EXPECT_EQ(chain.front().info().ip_addresses, std::vector<std::string>{"127.0.0.1"});

  auto keys = (tmp.path / "tickets.json").string();
  auto created = admin(nullptr, {"tickets", "rotate", "--key-file", keys});
  ASSERT_EQ(created.exit_status, 0) << created.err;
  auto rotated = admin(nullptr, {"tickets", "rotate", "--key-file", keys});
  ASSERT_EQ(rotated.exit_status, 0) << rotated.err;
  auto ring = api::read_ticket_key_file(keys);
  EXPECT_EQ(ring.keys().size(), 2u);
  auto bad_grace = admin(nullptr, {"tickets", "rotate", "--key-file", keys, "--grace", "soon"});
  EXPECT_EQ(bad_grace.exit_status, 2) << bad_grace.err;
}

TEST(ApiAdmin, AccountsServersRegistrationsMonitors) {
  TestDatabase db("api_admin");
  auto account = admin(&db, {"accounts", "add", "Example", "--monitors-per-server-limit", "3"});
  ASSERT_EQ(account.exit_status, 0) << account.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(account.out, m, std::regex("added account (\\d+) \\(id_token (\\w+)\\)")));
  const std::string account_id = m[1], token = m[2];
  std::string flags;
  const int account_number = std::stoi(account_id);  // soci binds a reference: no temporaries
  db.session() << "SELECT flags FROM accounts WHERE id = :id", soci::use(account_number), soci::into(flags);
  EXPECT_NE(flags.find("\"monitors_per_server_limit\":3"), std::string::npos) << flags;

  auto server = admin(&db, {"servers", "add", "2001:DB8::0001"});
  ASSERT_EQ(server.exit_status, 0) << server.err;
  EXPECT_NE(server.out.find("2001:db8::1"), std::string::npos) << server.out;
  int reviews = 0;
  db.session() << "SELECT COUNT(*) FROM servers_monitor_review r JOIN servers s ON s.id = r.server_id "
                  "WHERE s.ip = '2001:db8::1' AND s.ip_version = 'v6'",
      soci::into(reviews);
  EXPECT_EQ(reviews, 1);
  EXPECT_EQ(admin(&db, {"servers", "add", "2001:db8::1"}).exit_status, 1);
  auto bad_ip = admin(&db, {"servers", "add", "not-an-ip"});
  EXPECT_EQ(bad_ip.exit_status, 1);
  EXPECT_NE(bad_ip.err.find("not an IP address"), std::string::npos) << bad_ip.err;
  EXPECT_EQ(admin(&db, {"servers", "add", "192.0.2.1", "--account", "999"}).exit_status, 1);

  // A registration from both families, as the API records it.
  db.session() << "INSERT INTO monitor_registrations (request_token, verification_token, ip4, ip6, hostname, status, "
                  "created_on) VALUES ('req1', 'ver1', '192.0.2.50', '2001:db8::50', 'host1', 'pending', NOW())";
  db.session() << "INSERT INTO monitor_registrations (request_token, verification_token, ip4, hostname, status, "
                  "created_on) VALUES ('req2', 'ver2', '192.0.2.50', 'host2', 'pending', NOW())";
  auto list = admin(&db, {"registrations", "list"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  EXPECT_NE(list.out.find("host1"), std::string::npos);
  EXPECT_NE(list.out.find("host2"), std::string::npos);

  struct Bad {
    std::vector<std::string> args;
    const char* message;
  };
  for (const auto& b : {Bad{{"registrations", "approve", "1", "--account", "999", "--location", "defra"}, "no account 999"},
                        Bad{{"registrations", "approve", "1", "--account", account_id, "--location", "DE-FRA"}, "--location"},
                        Bad{{"registrations", "approve", "77", "--account", account_id, "--location", "defra"},
                            "no registration 77"}}) {
    auto r = admin(&db, b.args);
    EXPECT_EQ(r.exit_status, 1) << r.out;
    EXPECT_NE(r.err.find(b.message), std::string::npos) << r.err;
  }
  auto approve = admin(&db, {"registrations", "approve", "1", "--account", account_id, "--location", "defra", "--env",
                             "test", "--status", "active"});
  ASSERT_EQ(approve.exit_status, 0) << approve.err;
  const std::string tls_name = "defra1-" + token + ".test.mon.ntppool.dev";
  EXPECT_NE(approve.out.find(tls_name), std::string::npos) << approve.out;
  int rows = 0;
  db.session() << "SELECT COUNT(*) FROM monitors WHERE tls_name = :t AND status = 'active'", soci::use(tls_name),
      soci::into(rows);
  EXPECT_EQ(rows, 2);  // one per IP family
  auto twice = admin(&db, {"registrations", "approve", "1", "--account", account_id, "--location", "defra"});
  EXPECT_EQ(twice.exit_status, 1);
  EXPECT_NE(twice.err.find("not pending"), std::string::npos) << twice.err;
  // The second registration comes from an address a monitor already uses: refused, nothing created.
  auto clash = admin(&db, {"registrations", "approve", "2", "--account", account_id, "--location", "defra"});
  EXPECT_EQ(clash.exit_status, 1);
  EXPECT_NE(clash.err.find("already used by monitor"), std::string::npos) << clash.err;
  db.session() << "SELECT COUNT(*) FROM monitors WHERE tls_name LIKE 'defra2-%'", soci::into(rows);
  EXPECT_EQ(rows, 0);
  auto reject = admin(&db, {"registrations", "reject", "2"});
  EXPECT_EQ(reject.exit_status, 0) << reject.err;
  EXPECT_EQ(admin(&db, {"registrations", "reject", "2"}).exit_status, 1);

  auto monitors = admin(&db, {"monitors", "list"});
  ASSERT_EQ(monitors.exit_status, 0) << monitors.err;
  EXPECT_NE(monitors.out.find(tls_name), std::string::npos);
  auto deleted = admin(&db, {"monitors", "set-status", tls_name, "deleted"});
  ASSERT_EQ(deleted.exit_status, 0) << deleted.err;
  db.session() << "SELECT COUNT(*) FROM monitors WHERE tls_name = :t AND status = 'deleted' AND deleted_on IS NOT NULL",
      soci::use(tls_name), soci::into(rows);
  EXPECT_EQ(rows, 2);
  auto revived = admin(&db, {"monitors", "set-status", "1", "testing"});
  ASSERT_EQ(revived.exit_status, 0) << revived.err;
  db.session() << "SELECT COUNT(*) FROM monitors WHERE id = 1 AND status = 'testing' AND deleted_on IS NULL", soci::into(rows);
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(admin(&db, {"monitors", "set-status", "nosuch.test.mon.ntppool.dev", "active"}).exit_status, 1);
  EXPECT_EQ(admin(&db, {"monitors", "set-status", "1", "bogus"}).exit_status, 2);
}

}  // namespace
}  // namespace ntpmon::test
