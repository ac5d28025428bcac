// `monitor-admin db ...` as an operator runs it: a real process against the test database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "subprocess.h"
#include "test_database.h"

namespace ntpmon::test {
namespace {

ProcessResult admin(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv{program_path("monitor-admin")};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, env);
}

TEST(AdminDbCli, MigrateTwiceThenStatus) {
  TestDatabase db("admin_cli", TestDatabase::Schema::empty);
  std::map<std::string, std::string> env{{"DATABASE_DSN", db.dsn_text()}};

  auto first = admin({"db", "migrate"}, env);
  ASSERT_EQ(first.exit_status, 0) << first.err;
  EXPECT_NE(first.out.find("empty database: creating the schema"), std::string::npos) << first.out;

  auto second = admin({"db", "migrate"}, env);
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_NE(second.out.find("nothing changed"), std::string::npos) << second.out;
  EXPECT_EQ(second.out.find("applying"), std::string::npos) << second.out;

  auto status = admin({"db", "status"}, env);
  ASSERT_EQ(status.exit_status, 0) << status.err;
  EXPECT_NE(status.out.find("status: up to date"), std::string::npos) << status.out;
}

TEST(AdminDbCli, DatabaseYamlIsRead) {
  TestDatabase db("admin_yaml", TestDatabase::Schema::empty);
  auto path = std::filesystem::temp_directory_path() / ("database-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << "mysql:\n  dsn: \"tcp(" << db.host() << ":" << db.port() << ")/" << db.name()
                      << "\"\n  user: " << db.user() << "\n  pass: " << db.password() << "\n";
  auto r = admin({"--database-config", path.string(), "db", "status"}, {{"DATABASE_DSN", "\x01unset"}});
  std::filesystem::remove(path);
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("revision: none (empty database)"), std::string::npos) << r.out;
}

struct BadInput {
  const char* name;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  int exit_status;
  const char* message;  // a part of the first line of stderr
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class AdminBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(AdminBadInput, ClearErrorAndExitStatus) {
  auto r = admin(GetParam().args, GetParam().env);
  EXPECT_EQ(r.exit_status, GetParam().exit_status) << r.err;
  auto first_line = r.err.substr(0, r.err.find('\n'));
  EXPECT_NE(first_line.find(GetParam().message), std::string::npos) << r.err;
  // Configuration and runtime errors are one line; CLI11 adds a "Run with --help" hint to usage errors.
  EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), GetParam().exit_status == 2 ? 2 : 1) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AdminBadInput,
    ::testing::Values(
        BadInput{"unparsable_dsn", {"db", "status"}, {{"DATABASE_DSN", "monitor:pw@tcp(127.0.0.1:3308/x"}}, 2, "DATABASE_DSN"},
        BadInput{"missing_yaml", {"--database-config", "/nonexistent/database.yaml", "db", "status"},
                 {{"DATABASE_DSN", "\x01unset"}}, 2, "/nonexistent/database.yaml"},
        BadInput{"unknown_flag", {"db", "migrate", "--bogus"}, {}, 2, "--bogus"},
        BadInput{"unreachable_database", {"db", "status"}, {{"DATABASE_DSN", "monitor:x@tcp(127.0.0.1:1)/none?timeout=2s"}}, 1,
                 "127.0.0.1:1"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ntpmon::test
