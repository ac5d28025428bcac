// The monitor-web program: command line, configuration errors, start-up failure, serving
// over its listener, and a prompt clean stop on SIGTERM.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "subprocess.h"
#include "web_test_server.h"

namespace ntpmon::web::test {
namespace {

using ntpmon::test::program_path;
using ntpmon::test::run_process;

TEST(WebDaemon, HelpVersionAndConfigurationErrors) {
  auto help = run_process({program_path("monitor-web"), "--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("--listen"), std::string::npos);
  EXPECT_NE(help.out.find("WEB_LISTEN"), std::string::npos);
  auto version = run_process({program_path("monitor-web"), "--version"});
  EXPECT_EQ(version.exit_status, 0);
  EXPECT_NE(version.out.find("monitor-web"), std::string::npos);

  auto bad_threads = run_process({program_path("monitor-web"), "--web-threads", "0"},
                                 {{"DATABASE_DSN", "monitor:test123@tcp(127.0.0.1:3308)/x"}});
  EXPECT_EQ(bad_threads.exit_status, 2) << bad_threads.err;
  auto bad_dsn = run_process({program_path("monitor-web")}, {{"DATABASE_DSN", "not a dsn"}});
  EXPECT_EQ(bad_dsn.exit_status, 2) << bad_dsn.err;
  auto unknown_flag = run_process({program_path("monitor-web"), "--no-such-flag"});
  EXPECT_EQ(unknown_flag.exit_status, 2);
}

TEST(WebDaemon, UnreachableDatabaseFailsAtStart) {
  auto r = run_process({program_path("monitor-web"), "--listen", "127.0.0.1:0", "--admin-listen", ""},
                       {{"DATABASE_DSN", "monitor:test123@tcp(127.0.0.1:1)/nothing?timeout=2s"}});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("level=error"), std::string::npos) << r.err;
}

// A running monitor-web with its stderr on a pipe.
class Daemon {
 public:
  Daemon(const std::vector<std::string>& args, const std::string& dsn) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    std::vector<std::string> argv_storage = args;
    argv_storage.insert(argv_storage.begin(), program_path("monitor-web"));
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string env_dsn = "DATABASE_DSN=" + dsn;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 2);
      ::putenv(env_dsn.data());
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    err_ = fds[0];
  }
  ~Daemon() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(err_);
  }

  // Reads stderr until a line matches; its first group.
  std::string wait_for(const std::regex& pattern, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch m;
      if (std::regex_search(log_, m, pattern)) return m[1].str();
      pollfd p{err_, POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char buf[4096];
        ssize_t n = ::read(err_, buf, sizeof buf);
        if (n <= 0) break;
        log_.append(buf, static_cast<std::size_t>(n));
      }
    }
    throw std::runtime_error("monitor-web did not log the expected line; log:\n" + log_);
  }

  // Sends a signal and waits for the exit status; -1 when it does not exit in time.
  int stop(int signal, std::chrono::milliseconds timeout) {
    ::kill(pid_, signal);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(10000);
    }
    return -1;
  }
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  std::string log_;
};

TEST(WebDaemon, ServesAndStopsPromptlyOnSigterm) {
  WebTestServer fixture("web_daemon");  // the database with the §7 fixture
  Daemon daemon({"--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"}, fixture.database().dsn_text());
  std::string port = daemon.wait_for(std::regex("msg=\"?listening\"? url=\"?http://127\\.0\\.0\\.1:([0-9]+)/"),
                                     std::chrono::seconds{20});
  auto fetch = [&](const std::string& target) { return http_fetch(static_cast<std::uint16_t>(std::stoi(port)), target); };
  // The real clock: the fixture's rows are older than four days, so the default is empty.
  Fetched csv = fetch("/scores/192.0.2.10/log?limit=1");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body, "ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error\n");
  Fetched since = fetch("/scores/192.0.2.10/log?monitor=*&since=1748778300");
  EXPECT_EQ(since.body,
            "ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error\n"
            "1748778330,2025-06-01 11:45:30,,-5,14.25,23,uspao1-21wase0,,,i/o timeout\n"
            "1748778330,2025-06-01 11:45:30,,1,19.13,1,recentmedian,,,\n"
            "1748778900,2025-06-01 11:55:00,-0.0000007,1,19.96,21,defra1-1gw2pjj,20,1,\n");
  Fetched page = fetch("/");
  EXPECT_NE(page.body.find("192.0.2.10"), std::string::npos);

  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(daemon.stop(SIGTERM, std::chrono::seconds{5}), 0) << daemon.log();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{2});
}

}  // namespace
}  // namespace ntpmon::web::test
