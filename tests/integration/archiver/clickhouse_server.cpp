#include "clickhouse_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace ntpmon::test {

namespace {

std::string config_xml(const std::filesystem::path& dir, int http_port, int tcp_port) {
  auto p = [&](const char* sub) { return (dir / sub).string() + "/"; };
  return R"(<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>)" +
         (dir / "log" / "server.log").string() + "</log><errorlog>" + (dir / "log" / "error.log").string() +
         R"(</errorlog></logger>
  <http_port>)" + std::to_string(http_port) +
         "</http_port>\n  <tcp_port>" + std::to_string(tcp_port) + R"(</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>)" + p("data") +
         "</path>\n  <tmp_path>" + p("tmp") + "</tmp_path>\n  <user_files_path>" + p("user_files") +
         "</user_files_path>\n  <format_schema_path>" + p("format_schemas") + R"(</format_schema_path>
  <users_config>)" + (dir / "users.xml").string() +
         R"(</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
</yandex>
)";
}

constexpr const char* kUsersXml = R"(<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
)";

}  // namespace

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind to a free port failed");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

ClickHouseServer::ClickHouseServer() {
  if (::access(kBinary, X_OK) != 0) {
    throw ClickHouseUnavailable(std::string(kBinary) + " is not installed (scripts/install-deps.sh installs it)");
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "archiver-clickhouse-XXXXXX").string();
  dir_ = ::mkdtemp(pattern.data());
  for (const char* sub : {"log", "data", "tmp", "user_files", "format_schemas"}) {
    std::filesystem::create_directories(dir_ / sub);
  }
  http_port_ = free_loopback_port();
  tcp_port_ = free_loopback_port();
  while (tcp_port_ == http_port_) tcp_port_ = free_loopback_port();
  std::ofstream(dir_ / "config.xml") << config_xml(dir_, http_port_, tcp_port_);
  std::ofstream(dir_ / "users.xml") << kUsersXml;

  std::string config_arg = "--config-file=" + (dir_ / "config.xml").string();
  std::vector<char*> argv{const_cast<char*>(kBinary), config_arg.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string out = (dir_ / "log" / "stdout.log").string();
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int rc = ::posix_spawn(&pid_, kBinary, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw ClickHouseUnavailable(std::string("posix_spawn clickhouse-server: ") + std::strerror(rc));

  // Await readiness: /ping answers "Ok." once the server listens.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  httplib::Client client("127.0.0.1", http_port_);
  client.set_connection_timeout(std::chrono::seconds(1));
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream log(dir_ / "log" / "stdout.log");
      std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
      throw ClickHouseUnavailable("clickhouse-server exited at startup: " + text.substr(0, 2000));
    }
    if (auto res = client.Get("/ping"); res && res->status == 200) break;
    if (std::chrono::steady_clock::now() > deadline) {
      throw ClickHouseUnavailable("clickhouse-server did not answer /ping within 60 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

ClickHouseServer::~ClickHouseServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ClickHouseServer::url() const { return "http://127.0.0.1:" + std::to_string(http_port_) + "/default"; }

std::string ClickHouseServer::query(const std::string& sql) const {
  httplib::Client client("127.0.0.1", http_port_);
  client.set_read_timeout(std::chrono::seconds(120));
  auto res = client.Post("/", sql, "text/plain");
  if (!res) throw std::runtime_error("clickhouse query failed: " + httplib::to_string(res.error()));
  if (res->status != 200) throw std::runtime_error("clickhouse: " + res->body);
  return res->body;
}

}  // namespace ntpmon::test
