// The Debian package of ntppool-agent on this machine (issue 6 acceptance; spec/agent.md §17
// with the decision "Packaging"): packaging/agent/build-deb.sh builds the .deb from the built
// binary; `dpkg -i` installs the files with the right owners and modes and creates the
// system user ntpmon with its 0700 home; `systemd-analyze verify` accepts the installed
// template unit (an instance of it, offline: no systemd needs to run); the installed program
// runs as ntpmon and keeps its state under /var/lib/ntppool-agent (/etc/default/ntppool-agent);
// `dpkg -r` removes everything but the conffile and the state, `dpkg -P` the rest and the user.
//
// Needs root and dpkg; skipped when the package or the user ntpmon already exist on this
// machine (the test must not touch an installation it did not make). Purges what it
// installed even when an assertion fails.
#include <gtest/gtest.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "subprocess.h"

namespace ntpmon::agent {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackage = "ntppool-agent";
const std::map<std::string, std::string> kCleanEnv = {{"MONITOR_STATE_DIR", "\x01unset"},
                                                      {"STATE_DIRECTORY", "\x01unset"},
                                                      {"RUNTIME_DIRECTORY", "\x01unset"},
                                                      {"DEPLOYMENT_MODE", "\x01unset"},
                                                      {"MONITOR_LOG_LEVEL", "\x01unset"}};

test::ProcessResult run(const std::vector<std::string>& argv) { return test::run_process(argv, kCleanEnv); }

bool tool_exists(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// dpkg's status word for the package ("" when dpkg does not know it).
std::string package_state() {
  const auto r = run({"/usr/bin/dpkg-query", "-W", "-f=${db:Status-Status}", kPackage});
  return r.exit_status == 0 ? r.out : "";
}

struct Owned {
  std::string mode;  // octal permission bits, e.g. "755"
  std::string user;
  std::string group;
  bool is_dir = false;
};

std::optional<Owned> owned(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  Owned o;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%o", st.st_mode & 07777);
  o.mode = mode;
  const passwd* pw = ::getpwuid(st.st_uid);
  const group* gr = ::getgrgid(st.st_gid);
  o.user = pw ? pw->pw_name : std::to_string(st.st_uid);
  o.group = gr ? gr->gr_name : std::to_string(st.st_gid);
  o.is_dir = S_ISDIR(st.st_mode);
  return o;
}

// Purges the package on the way out, whatever happened.
struct PurgeOnExit {
  ~PurgeOnExit() {
    if (!package_state().empty()) run({"/usr/bin/dpkg", "--purge", kPackage});
  }
};

TEST(AgentPackage, InstallVerifyRunRemovePurge) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (dpkg -i)";
  for (const char* tool : {"/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/bin/dpkg-shlibdeps", "/usr/bin/systemd-analyze",
                           "/usr/sbin/runuser"}) {
    if (!tool_exists(tool)) GTEST_SKIP() << tool << " missing (scripts/install-deps.sh installs it)";
  }
  if (!package_state().empty()) GTEST_SKIP() << "ntppool-agent is already known to dpkg here; not touching it";
  if (::getpwnam("ntpmon") != nullptr || ::getgrnam("ntpmon") != nullptr || fs::exists("/var/lib/ntppool-agent")) {
    GTEST_SKIP() << "user ntpmon or /var/lib/ntppool-agent already exist; not touching them";
  }

  char tmpl[] = "/tmp/ntpmon-agent-package-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const fs::path work = tmpl;
  PurgeOnExit purge;

  // 1. Build the package from the built program.
  const auto built = run({NTPMON_SOURCE_DIR "/packaging/agent/build-deb.sh", test::program_path("ntppool-agent"),
                          NTPPOOL_AGENT_VERSION, work.string()});
  ASSERT_EQ(built.exit_status, 0) << built.err;
  const std::string arch = [] {
    auto r = run({"/usr/bin/dpkg", "--print-architecture"});
    return r.out.substr(0, r.out.find('\n'));
  }();
  const fs::path deb = work / (std::string("ntppool-agent_") + NTPPOOL_AGENT_VERSION + "_" + arch + ".deb");
  ASSERT_TRUE(fs::exists(deb)) << built.out;
  const auto fields = run({"/usr/bin/dpkg-deb", "-f", deb.string(), "Package", "Version", "Depends"});
  EXPECT_NE(fields.out.find("Package: ntppool-agent\n"), std::string::npos) << fields.out;
  EXPECT_NE(fields.out.find(std::string("Version: ") + NTPPOOL_AGENT_VERSION + "\n"), std::string::npos) << fields.out;

  // Before installation the unit cannot be verified: its ExecStart program is missing. (So a
  // passing verify below is a real check, not a tool that accepts everything.)
  if (!fs::exists("/usr/bin/ntppool-agent")) {
    const fs::path units = work / "units";
    fs::create_directories(units);
    const auto x = run({"/usr/bin/dpkg-deb", "-x", deb.string(), (work / "unpacked").string()});
    ASSERT_EQ(x.exit_status, 0) << x.err;
    fs::copy_file(work / "unpacked/lib/systemd/system/ntppool-agent@.service", units / "ntppool-agent@.service");
    const auto early = run({"/usr/bin/systemd-analyze", "verify", "--man=no", (units / "ntppool-agent@test.service").string()});
    EXPECT_NE(early.exit_status, 0) << "verify accepted a unit whose program is not installed: " << early.err;
  }

  // 2. dpkg -i: files, owners, modes, the user, the state directory.
  const auto installed = run({"/usr/bin/dpkg", "-i", deb.string()});
  ASSERT_EQ(installed.exit_status, 0) << installed.out << installed.err;
  EXPECT_EQ(package_state(), "installed");
  struct Expect {
    const char* path;
    const char* mode;
    const char* user;
    const char* group;
    bool dir;
  };
  const Expect expected[] = {
      {"/usr/bin/ntppool-agent", "755", "root", "root", false},
      {"/lib/systemd/system/ntppool-agent@.service", "644", "root", "root", false},
      {"/etc/default/ntppool-agent", "644", "root", "root", false},
      {"/usr/share/man/man1/ntppool-agent.1.gz", "644", "root", "root", false},
      {"/usr/share/doc/ntppool-agent/copyright", "644", "root", "root", false},
      {"/var/lib/ntppool-agent", "700", "ntpmon", "ntpmon", true},
  };
  for (const Expect& e : expected) {
    const auto o = owned(e.path);
    ASSERT_TRUE(o) << e.path << " not installed";
    EXPECT_EQ(o->mode, e.mode) << e.path;
    EXPECT_EQ(o->user, e.user) << e.path;
    EXPECT_EQ(o->group, e.group) << e.path;
    EXPECT_EQ(o->is_dir, e.dir) << e.path;
  }
  const passwd* pw = ::getpwnam("ntpmon");
  ASSERT_NE(pw, nullptr);
  EXPECT_LT(pw->pw_uid, 1000u) << "not a system user";
  EXPECT_STREQ(pw->pw_dir, "/var/lib/ntppool-agent");
  EXPECT_EQ(std::string(pw->pw_shell).find("nologin"), std::string(pw->pw_shell).size() - 7) << pw->pw_shell;
  const auto conffiles = run({"/usr/bin/dpkg-query", "-W", "-f=${Conffiles}", kPackage});
  EXPECT_NE(conffiles.out.find("/etc/default/ntppool-agent "), std::string::npos) << conffiles.out;
  const auto owned_files = run({"/usr/bin/dpkg", "-V", kPackage});
  EXPECT_EQ(owned_files.exit_status, 0) << "dpkg --verify: " << owned_files.out;

  // 3. systemd-analyze verify accepts an instance of the installed template (offline).
  const auto verified = run({"/usr/bin/systemd-analyze", "verify", "ntppool-agent@test.service"});
  EXPECT_EQ(verified.exit_status, 0) << verified.out << verified.err;
  EXPECT_EQ(verified.err, "") << "warnings from systemd-analyze verify";

  // 4. The installed program runs as ntpmon; /etc/default/ntppool-agent puts its state in
  //    /var/lib/ntppool-agent/<env>/, created 0700.
  const auto version = run({"/usr/sbin/runuser", "-u", "ntpmon", "--", "/usr/bin/ntppool-agent", "--env", "test", "version"});
  EXPECT_EQ(version.exit_status, 0) << version.err;
  EXPECT_EQ(version.out.rfind(std::string("ntppool-agent v") + NTPPOOL_AGENT_VERSION, 0), 0u) << version.out;
  const auto check =
      run({"/usr/sbin/runuser", "-u", "ntpmon", "--", "/usr/bin/ntppool-agent", "--env", "test", "check", "not-an-ip"});
  EXPECT_EQ(check.exit_status, 0) << check.err;
  const auto env_dir = owned("/var/lib/ntppool-agent/test");
  ASSERT_TRUE(env_dir) << check.err;
  EXPECT_EQ(env_dir->mode, "700");
  EXPECT_EQ(env_dir->user, "ntpmon");

  // 5. dpkg -r: program, unit, man page gone; the conffile and the state stay (Debian rules).
  const auto removed = run({"/usr/bin/dpkg", "-r", kPackage});
  ASSERT_EQ(removed.exit_status, 0) << removed.out << removed.err;
  EXPECT_EQ(package_state(), "config-files");
  for (const char* gone : {"/usr/bin/ntppool-agent", "/lib/systemd/system/ntppool-agent@.service",
                           "/usr/share/man/man1/ntppool-agent.1.gz", "/usr/share/doc/ntppool-agent"}) {
    EXPECT_FALSE(fs::exists(gone)) << gone;
  }
  EXPECT_TRUE(fs::exists("/etc/default/ntppool-agent"));
  EXPECT_TRUE(fs::exists("/var/lib/ntppool-agent/test"));

  // 6. dpkg -P: the conffile, the state and the user go too.
  const auto purged = run({"/usr/bin/dpkg", "--purge", kPackage});
  ASSERT_EQ(purged.exit_status, 0) << purged.out << purged.err;
  EXPECT_EQ(purged.err, "");
  EXPECT_EQ(package_state(), "");
  EXPECT_FALSE(fs::exists("/etc/default/ntppool-agent"));
  EXPECT_FALSE(fs::exists("/var/lib/ntppool-agent"));
  EXPECT_EQ(::getpwnam("ntpmon"), nullptr);
  EXPECT_EQ(::getgrnam("ntpmon"), nullptr);
  fs::remove_all(work);
}

}  // namespace
}  // namespace ntpmon::agent
