// Settings from defaults, the TOML file, the environment and flags, and every error path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "config/value_parse.h"
#include "case_name.h"

namespace ntpmon::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

Schema test_schema() {
  Schema s;
  s.add(Setting::string("admin.listen", "127.0.0.1:9000").env("ADMIN_LISTEN").help("admin address"));
  s.add(Setting::integer("admin.port_offset", 0).env("PORT_OFFSET").range(0, 100));
  s.add(Setting::integer("workers", 4).env("WORKERS").range(1, 64));
  s.add(Setting::boolean("verbose", false).env("VERBOSE"));
  s.add(Setting::duration("interval", 30s).env("INTERVAL"));
  s.add(Setting::floating("ratio", 0.5));
  s.add(Setting::string("mode", "prod").env("DEPLOYMENT_MODE").choices({"devel", "test", "prod"}));
  s.add(Setting::string("token").env("TOKEN").secret());
  return s;
}

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    static int counter = 0;
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("runtime_config_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".toml");
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Runs the loader as a program would: flags parsed by CLI11, then load().
Config load_with(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
  static Schema schema = test_schema();
  Loader loader(schema);
  CLI::App app("test");
  loader.add_flags(app);
  std::vector<const char*> argv{"prog"};
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return loader.load(map_environment(std::move(env)));
}

std::string load_error(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
  try {
    load_with(args, std::move(env));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RuntimeConfig, DefaultsWhenNothingIsGiven) {
  Config c = load_with({});
  EXPECT_EQ(c.string("admin.listen"), "127.0.0.1:9000");
  EXPECT_EQ(c.integer("workers"), 4);
  EXPECT_FALSE(c.boolean("verbose"));
  EXPECT_EQ(c.duration("interval"), 30s);
  EXPECT_DOUBLE_EQ(c.floating("ratio"), 0.5);
  EXPECT_EQ(c.origin("workers").source, Source::default_value);
  EXPECT_FALSE(c.has("token"));
  EXPECT_EQ(c.optional_string("token"), std::nullopt);
  EXPECT_FALSE(c.file().has_value());
}

TEST(RuntimeConfig, FileThenEnvThenFlagsLaterWinning) {
  TempFile file(
      "workers = 8\n"
      "verbose = true\n"
      "interval = \"1m30s\"\n"
      "ratio = 2\n"
      "[admin]\n"
      "listen = \"0.0.0.0:9100\"\n"
      "port_offset = 3\n");
  Config c = load_with({"--config", file.path(), "--workers", "16"},
                       {{"WORKERS", "12"}, {"ADMIN_LISTEN", "10.0.0.1:9200"}});
  EXPECT_EQ(c.integer("workers"), 16);
  EXPECT_EQ(c.origin("workers").source, Source::flag);
  EXPECT_EQ(describe(c.origin("workers")), "flag --workers");
  EXPECT_EQ(c.string("admin.listen"), "10.0.0.1:9200");
  EXPECT_EQ(describe(c.origin("admin.listen")), "environment variable ADMIN_LISTEN");
  EXPECT_EQ(c.integer("admin.port_offset"), 3);
  EXPECT_EQ(describe(c.origin("admin.port_offset")), "config file " + file.path() + ":7");
  EXPECT_TRUE(c.boolean("verbose"));
  EXPECT_EQ(c.duration("interval"), 90s);
  EXPECT_DOUBLE_EQ(c.floating("ratio"), 2.0);  // a TOML integer is fine for a float
  EXPECT_EQ(c.file(), file.path());
}

TEST(RuntimeConfig, DottedTomlKeysAndGeneratedFlags) {
  TempFile file("admin.listen = \"[::1]:9000\"\n");
  Config c = load_with({"--config", file.path(), "--admin-port-offset", "9"});
  EXPECT_EQ(c.string("admin.listen"), "[::1]:9000");
  EXPECT_EQ(c.integer("admin.port_offset"), 9);
}

TEST(RuntimeConfig, BooleanFlagsAndNegation) {
  EXPECT_TRUE(load_with({"--verbose"}).boolean("verbose"));
  EXPECT_FALSE(load_with({"--no-verbose"}, {{"VERBOSE", "true"}}).boolean("verbose"));
  EXPECT_FALSE(load_with({"--verbose=false"}).boolean("verbose"));
  EXPECT_TRUE(load_with({}, {{"VERBOSE", "yes"}}).boolean("verbose"));
}

TEST(RuntimeConfig, EmptyEnvironmentVariableCountsAsUnset) {
  EXPECT_EQ(load_with({}, {{"WORKERS", ""}}).integer("workers"), 4);
}

TEST(RuntimeConfig, EntriesMaskSecrets) {
  Config c = load_with({}, {{"TOKEN", "hunter2"}});
  bool seen = false;
  for (const auto& e : c.entries()) {
    if (e.name == "token") {
      seen = true;
      EXPECT_EQ(e.value, "***");
      EXPECT_EQ(e.origin.source, Source::env);
    }
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(c.string("token"), "hunter2");
}

TEST(RuntimeConfigError, UnparsableTomlNamesFileAndLine) {
  TempFile file("workers = 8\nverbose = \n");
  std::string err = load_error({"--config", file.path()});
  EXPECT_THAT(err, HasSubstr("config file " + file.path() + " line 2"));
}

TEST(RuntimeConfigError, UnknownKeyNamesKeyAndFile) {
  TempFile file("workers = 8\n\n[admin]\nlistne = \"x\"\n");
  EXPECT_EQ(load_error({"--config", file.path()}),
            "config file " + file.path() + " line 4: unknown setting \"admin.listne\"");
  TempFile top("colour = \"blue\"\n");
  EXPECT_EQ(load_error({"--config", top.path()}),
            "config file " + top.path() + " line 1: unknown setting \"colour\"");
}

TEST(RuntimeConfigError, WrongTypeInFile) {
  TempFile file("\nworkers = \"many\"\n");
  EXPECT_EQ(load_error({"--config", file.path()}),
            "setting \"workers\" in config file " + file.path() +
                " line 2: expected an integer, got a string");
  TempFile table("admin = 3\n");
  EXPECT_EQ(load_error({"--config", table.path()}),
            "config file " + table.path() + " line 1: unknown setting \"admin\"");
  TempFile dur("interval = 30\n");
  EXPECT_THAT(load_error({"--config", dur.path()}),
              HasSubstr("setting \"interval\" in config file " + dur.path() +
                        " line 1: expected a duration"));
  TempFile baddur("interval = \"30 seconds\"\n");
  EXPECT_THAT(load_error({"--config", baddur.path()}),
              HasSubstr("\"30 seconds\" is not a duration"));
}

TEST(RuntimeConfigError, BadValuesNameSettingAndSource) {
  EXPECT_EQ(load_error({}, {{"WORKERS", "abc"}}),
            "setting \"workers\" from environment variable WORKERS: \"abc\" is not an integer");
  EXPECT_EQ(load_error({"--workers", "1.5"}),
            "setting \"workers\" from flag --workers: \"1.5\" is not an integer");
  EXPECT_EQ(load_error({"--workers", "65"}),
            "setting \"workers\" from flag --workers: 65 is out of range 1..64");
  EXPECT_EQ(load_error({}, {{"VERBOSE", "maybe"}}),
            "setting \"verbose\" from environment variable VERBOSE: \"maybe\" is not a boolean "
            "(true or false)");
  EXPECT_THAT(load_error({}, {{"INTERVAL", "10"}}),
              HasSubstr("setting \"interval\" from environment variable INTERVAL: \"10\" is not a duration"));
  EXPECT_EQ(load_error({}, {{"DEPLOYMENT_MODE", "staging"}}),
            "setting \"mode\" from environment variable DEPLOYMENT_MODE: \"staging\" is not one of "
            "devel, test, prod");
  TempFile range("workers = 0\n");
  EXPECT_EQ(load_error({"--config", range.path()}),
            "setting \"workers\" in config file " + range.path() + " line 1: 0 is out of range 1..64");
}

TEST(RuntimeConfigError, MissingConfigFile) {
  std::string path = ::testing::TempDir() + "/runtime_config_does_not_exist.toml";
  EXPECT_THAT(load_error({"--config", path}), HasSubstr("config file " + path + ": cannot open"));
}

TEST(RuntimeConfigError, RequiredSettingMissing) {
  Schema s;
  s.add(Setting::string("api.key").env("API_KEY").required());
  Loader loader(s);
  try {
    loader.load_without_flags(std::nullopt, map_environment({}));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "setting \"api.key\" is required; set it in the config file, environment "
                 "variable API_KEY or flag --api-key");
  }
}

TEST(RuntimeConfigError, ReportPrintsOneLineAndReturnsTwo) {
  std::ostringstream out;
  int status = report_config_error(ConfigError("setting \"x\" is bad"), out, "monitor-scorer");
  EXPECT_EQ(status, 2);
  EXPECT_EQ(out.str(), "monitor-scorer: configuration error: setting \"x\" is bad\n");
}

TEST(RuntimeConfigCli, UsageErrorsExitTwoHelpExitsZero) {
  Schema schema = test_schema();
  {
    Loader loader(schema);
    CLI::App app("test");
    loader.add_flags(app);
    const char* argv[] = {"prog", "--no-such-flag"};
    testing::internal::CaptureStderr();
    EXPECT_EQ(parse_command_line(app, 2, argv), 2);
    testing::internal::GetCapturedStderr();
  }
  {
    Loader loader(schema);
    CLI::App app("test");
    loader.add_flags(app);
    const char* argv[] = {"prog", "--help"};
    testing::internal::CaptureStdout();
    EXPECT_EQ(parse_command_line(app, 2, argv), 0);
    std::string help = testing::internal::GetCapturedStdout();
    EXPECT_THAT(help, HasSubstr("--admin-listen"));
    EXPECT_THAT(help, HasSubstr("[env ADMIN_LISTEN]"));
    EXPECT_THAT(help, HasSubstr("--config"));
  }
  {
    Loader loader(schema);
    CLI::App app("test");
    loader.add_flags(app);
    const char* argv[] = {"prog", "--workers", "3"};
    EXPECT_EQ(parse_command_line(app, 3, argv), std::nullopt);
    EXPECT_EQ(loader.load(map_environment({})).integer("workers"), 3);
  }
}

TEST(RuntimeConfigSchema, RejectsProgramMistakes) {
  Schema s;
  s.add(Setting::integer("a", 1).env("A"));
  EXPECT_THROW(s.add(Setting::integer("a")), std::logic_error);
  EXPECT_THROW(s.add(Setting::integer("b").env("A")), std::logic_error);
  Setting wrong = Setting::integer("c");
  wrong.default_value = std::string("x");
  EXPECT_THROW(s.add(wrong), std::logic_error);
  Config c(s);
  EXPECT_THROW(c.string("a"), std::logic_error);
  EXPECT_THROW(c.integer("zzz"), std::logic_error);
}

struct DurationCase {
  std::string text;
  std::optional<std::chrono::nanoseconds> value;
};

void PrintTo(const DurationCase& c, std::ostream* os) { *os << testing_support::readable(c.text); }

class RuntimeConfigDuration : public ::testing::TestWithParam<DurationCase> {};

TEST_P(RuntimeConfigDuration, ParsesLikeGo) { EXPECT_EQ(parse_duration(GetParam().text), GetParam().value); }

INSTANTIATE_TEST_SUITE_P(
    Runtime, RuntimeConfigDuration,
    ::testing::Values(DurationCase{"0", 0ns}, DurationCase{"300ms", 300ms}, DurationCase{"1.5s", 1500ms},
                      DurationCase{"2h45m", 2h + 45min}, DurationCase{"-1m", -1min},
                      DurationCase{"1us", 1us}, DurationCase{"1\xC2\xB5s", 1us}, DurationCase{"10ns", 10ns},
                      DurationCase{"", std::nullopt}, DurationCase{"10", std::nullopt},
                      DurationCase{"1x", std::nullopt}, DurationCase{"s", std::nullopt},
                      DurationCase{"1.2.3s", std::nullopt}));

}  // namespace
}  // namespace ntpmon::config
