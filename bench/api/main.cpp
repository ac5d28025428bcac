// bench-api: monitor-api under load, over mTLS with keep-alive, the database on this machine.
//
//   phase 1  50 monitors submit batches of 10 results as fast as the server accepts them
//            (each its own connection), for 20 s. Target: >= 10,000 results/s.
//   phase 2  GetServers at a steady 100 requests/s (10 monitors with due work), for 15 s.
//            Target: p99 < 20 ms.
//
// The server is build/bin/monitor-api in a process of its own; its CPU (user + system, from
// /proc) and peak resident memory (VmHWM) are reported. Tickets for phase 1 are signed here
// with the server's key file, as GetServers would sign them.
#include <httplib.h>
#include <signal.h>
#include <soci/soci.h>
#include <spawn.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "api/ip_address.h"
#include "api/json_codec.h"
#include "api/paths.h"
#include "api/ticket_key_file.h"
#include "api/ulid.h"
#include "pki/ca.h"
#include "pki/certificate_holder.h"
#include "pki/csr.h"
#include "pki/key_pair.h"
#include "pki/tls_server.h"
#include "subprocess.h"
#include "test_database.h"

extern char** environ;

namespace {

using namespace ntpmon;
using Clock = std::chrono::steady_clock;
using namespace std::chrono;

constexpr double kTargetResultsPerSecond = 10'000;
constexpr double kTargetGetServersP99Ms = 20;
constexpr int kSubmitMonitors = 50;
constexpr int kResultsPerBatch = 10;
constexpr int kGetServersMonitors = 10;
constexpr int kGetServersPairs = 2000;  // per monitor: enough due work for the whole phase
constexpr seconds kSubmitPhase{20};
constexpr seconds kGetServersPhase{15};
constexpr int kGetServersRate = 100;  // requests per second

std::string monitor_name(int i) {
  std::string name = "b";  // appended, not "b" + ...: GCC 12 warns (-Wrestrict) on that insert
  name += std::to_string(i);
  name += "-bench.test.mon.ntppool.dev";
  return name;
}
std::string monitor_ip(int i) { return "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }
std::string server_ip(int s) { return "198.18." + std::to_string(s / 250) + "." + std::to_string(s % 250 + 1); }

// CPU seconds (user + system) of a process.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stod(f);
    if (i == 15) {
      stime = std::stod(f);
      break;
    }
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Busy and total CPU time of the whole machine (/proc/stat, in clock ticks): the server, the
// database and this client share it, so the figures are read against what was left over.
struct MachineCpu {
  double busy = 0, total = 0;
};
MachineCpu machine_cpu() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
  double busy = user + nice + system + irq + softirq + steal;
  return {busy, busy + idle + iowait};
}

// The busy share of all cores between two readings, and the core count.
std::string machine_load(const MachineCpu& a, const MachineCpu& b) {
  char text[96];
  double share = b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
  std::snprintf(text, sizeof text, "%.0f%% busy of %ld cores (server + database + client + anything else)", 100 * share,
                sysconf(_SC_NPROCESSORS_ONLN));
  return text;
}

// A /proc/<pid>/status value in kB (VmHWM, VmRSS).
long status_kb(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  return 0;
}

// A port nobody listens on now: bind port 0, read what the kernel chose, close. (An
// httplib::Server left bound would share the port with monitor-api through SO_REUSEPORT and
// swallow some of the connections.)
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  if (port <= 0) throw std::runtime_error("cannot find a free port");
  return port;
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}

std::unique_ptr<httplib::SSLClient> make_client(int port, const std::filesystem::path& ca_pem,
                                                std::shared_ptr<const pki::CertificateHolder> holder) {
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  c->set_ca_cert_path(ca_pem.c_str());
  c->enable_server_certificate_verification(true);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(60, 0);
  pki::use_as_client_certificate(c->ssl_context(), std::move(holder));
  return c;
}

}  // namespace

int main() {
  try {
    signal(SIGPIPE, SIG_IGN);
    test::TestDatabase db("bench_api");
    auto& sql = db.session();
    auto dir = std::filesystem::temp_directory_path() / ("bench-api-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto ca = pki::CertificateAuthority::init(dir / "ca");
    ca.issue_server_certificate({"127.0.0.1"}).write_files(dir / "server.pem", dir / "server.key");
    auto ring = api::TicketKeyRing::generate(floor<seconds>(system_clock::now()) - hours(1));
    api::write_ticket_key_file(dir / "tickets.json", ring);

    std::cout << "bench-api: setting up " << kSubmitMonitors << " + " << kGetServersMonitors << " monitors...\n";
    sql << "INSERT INTO accounts (id, id_token, name, created_on) VALUES (1, 'bench', 'bench', NOW())";
    sql << "INSERT INTO monitors (type, tls_name, status, config, created_on) VALUES "
           "('monitor', 'settings-v4.system', 'active', '{\"samples\":3,\"base_checks\":[\"time.example.org\"]}', NOW())";
    const int monitors = kSubmitMonitors + kGetServersMonitors;
    for (int i = 0; i < monitors; ++i) {
      const std::string ip = monitor_ip(i), name = monitor_name(i);  // soci binds references
      sql << "INSERT INTO monitors (type, account_id, ip, ip_version, tls_name, status, config, client_version, created_on) "
             "VALUES ('monitor', 1, :ip, 'v4', :t, 'active', '{}', '4.1.5', NOW())",
          soci::use(ip), soci::use(name);
    }
    {
      soci::transaction tx(sql);
      for (int s = 0; s < kGetServersPairs; ++s) {
        const std::string ip = server_ip(s);
        sql << "INSERT INTO servers (ip, ip_version, created_on) VALUES (:ip, 'v4', NOW())", soci::use(ip);
      }
      tx.commit();
    }
    // Submitting monitors: 10 servers each (the first 10); GetServers monitors: all of them.
    sql << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) "
           "SELECT m.id, s.id, 10, 'active', NOW() FROM monitors m JOIN servers s "
           "WHERE m.tls_name LIKE 'b%-bench.%' AND s.id <= 10 AND m.id <= " + std::to_string(kSubmitMonitors + 1);
    sql << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) "
           "SELECT m.id, s.id, 10, 'active', NOW() FROM monitors m JOIN servers s "
           "WHERE m.tls_name LIKE 'b%-bench.%' AND m.id > " + std::to_string(kSubmitMonitors + 1);
    std::vector<std::uint32_t> monitor_ids(monitors);
    for (int i = 0; i < monitors; ++i) {
      long long id = 0;
      const std::string name = monitor_name(i);
      sql << "SELECT id FROM monitors WHERE tls_name = :t", soci::use(name), soci::into(id);
      monitor_ids[i] = static_cast<std::uint32_t>(id);
    }
    std::vector<std::shared_ptr<pki::CertificateHolder>> holders;
    for (int i = 0; i < monitors; ++i) {
      auto key = pki::PrivateKey::generate();
      auto issued = ca.issue_client_certificate(pki::make_csr_pem(key), monitor_name(i));
      holders.push_back(std::make_shared<pki::CertificateHolder>());
      holders.back()->set(pki::CertificateKeyPair::from_pem(issued.certificate_pem, key.to_pem()));
    }

    // The server process.
    const int port = free_port();
    std::vector<std::string> env_vars{
        "DATABASE_DSN=" + db.dsn_text(),
        "MONITOR_API_LISTEN=127.0.0.1:" + std::to_string(port),
        "MONITOR_API_ADMIN_LISTEN=127.0.0.1:0",  // any free port: 9000 may be taken
        "MONITOR_API_TLS_CERT=" + (dir / "server.pem").string(),
        "MONITOR_API_TLS_KEY=" + (dir / "server.key").string(),
        "MONITOR_API_CA_DIR=" + (dir / "ca").string(),
        "MONITOR_API_TICKET_KEYS=" + (dir / "tickets.json").string(),
        "MONITOR_API_PUBLIC_URL=https://127.0.0.1",
        "LOG_LEVEL=warn"};
    for (char** e = environ; *e != nullptr; ++e) {
      std::string var(*e);
      if (var.rfind("DATABASE_", 0) != 0 && var.rfind("MONITOR_API_", 0) != 0) env_vars.push_back(var);
    }
    std::vector<char*> envp;
    for (auto& v : env_vars) envp.push_back(v.data());
    envp.push_back(nullptr);
    std::string program = test::program_path("monitor-api");
    std::string server_arg = "server";
    char* argv[] = {program.data(), server_arg.data(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, envp.data()) != 0) {
      std::cerr << "bench-api: cannot start " << program << "\n";
      return 1;
    }
    {  // ready when it answers
      httplib::SSLClient probe("127.0.0.1", port);
      probe.enable_server_certificate_verification(false);
      probe.set_connection_timeout(2, 0);
      probe.set_read_timeout(5, 0);
      auto deadline = Clock::now() + seconds(30);
      bool ready = false;
      while (!(ready = static_cast<bool>(probe.Get("/"))) && Clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(50));
      }
      if (!ready) {
        std::cerr << "bench-api: monitor-api did not answer on port " << port << " within 30 s\n";
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        return 1;
      }
    }

    // ---- phase 1: SubmitResults throughput ----
    std::cout << "phase 1: " << kSubmitMonitors << " monitors submitting batches of " << kResultsPerBatch << " for "
              << kSubmitPhase.count() << " s\n";
    std::atomic<long long> accepted{0}, refused{0};
    std::vector<std::vector<double>> submit_latency(kSubmitMonitors);
    const auto expires = floor<seconds>(system_clock::now()) + hours(2);
    double cpu_before = cpu_seconds(pid);
    auto machine_before = machine_cpu();
    auto phase_start = Clock::now();
    auto phase_end = phase_start + kSubmitPhase;
    {
      std::vector<std::thread> threads;
      for (int i = 0; i < kSubmitMonitors; ++i) {
        threads.emplace_back([&, i] {
          auto client = make_client(port, dir / "ca" / "ca.pem", holders[i]);
          while (Clock::now() < phase_end) {
            auto batch = api::Ulid::generate().to_string();
            api::SubmitResultsRequest r{4, monitor_ip(i), {}, batch};
            auto ts = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
            for (int s = 0; s < kResultsPerBatch; ++s) {
              api::ServerStatus st;
              st.ip_bytes = api::parse_ip(server_ip(s))->bytes;
              st.ticket = api::sign_ticket(ring.current(), {monitor_ids[i], batch, st.ip_bytes}, expires);
              st.ts = api::Timestamp{ts, 0};
              st.offset = api::Duration{0, 1'000'000 * (s + 1)};
              st.rtt = api::Duration{0, 15'000'000};
              st.stratum = 2;
              r.list.push_back(st);
            }
            auto body = api::to_json(r);
            auto t0 = Clock::now();
            auto res = client->Post(api::kSubmitResultsPath, body, "application/json");
            submit_latency[i].push_back(duration<double, std::milli>(Clock::now() - t0).count());
            if (res && res->status == 200) {
              accepted += kResultsPerBatch;
            } else {
              ++refused;
              if (refused < 5) std::cerr << "refused: " << (res ? res->body : httplib::to_string(res.error())) << "\n";
            }
          }
        });
      }
      for (auto& t : threads) t.join();
    }
    double submit_wall = duration<double>(Clock::now() - phase_start).count();
    double submit_cpu = cpu_seconds(pid) - cpu_before;
    const std::string submit_machine = machine_load(machine_before, machine_cpu());
    std::vector<double> all_submit;
    for (auto& v : submit_latency) all_submit.insert(all_submit.end(), v.begin(), v.end());
    auto sp = percentiles(all_submit);
    double results_per_second = static_cast<double>(accepted.load()) / submit_wall;
    long long rows = 0;
    sql << "SELECT COUNT(*) FROM log_scores", soci::into(rows);

    // ---- phase 2: GetServers latency at a steady rate ----
    std::cout << "phase 2: GetServers at " << kGetServersRate << " requests/s for " << kGetServersPhase.count() << " s\n";
    std::vector<std::vector<double>> gs_latency(kGetServersMonitors);
    std::atomic<long long> gs_failed{0}, gs_servers{0};
    cpu_before = cpu_seconds(pid);
    machine_before = machine_cpu();
    phase_start = Clock::now();
    {
      std::vector<std::thread> threads;
      const auto interval = duration_cast<Clock::duration>(duration<double>(double(kGetServersMonitors) / kGetServersRate));
      for (int g = 0; g < kGetServersMonitors; ++g) {
        threads.emplace_back([&, g] {
          int i = kSubmitMonitors + g;
          auto client = make_client(port, dir / "ca" / "ca.pem", holders[i]);
          auto next = phase_start + interval * g / kGetServersMonitors;  // spread the senders
          std::string body = "{\"monId\":\"" + monitor_ip(i) + "\"}";
          while (next < phase_start + kGetServersPhase) {
            std::this_thread::sleep_until(next);  // open loop: the schedule does not wait for answers
            auto t0 = Clock::now();
            auto res = client->Post(api::kGetServersPath, body, "application/json");
            gs_latency[g].push_back(duration<double, std::milli>(Clock::now() - t0).count());
            if (res && res->status == 200) {
              gs_servers += static_cast<long long>(api::decode_get_servers_response(res->body).servers.size());
            } else {
              ++gs_failed;
            }
            next += interval;
          }
        });
      }
      for (auto& t : threads) t.join();
    }
    double gs_wall = duration<double>(Clock::now() - phase_start).count();
    double gs_cpu = cpu_seconds(pid) - cpu_before;
    const std::string gs_machine = machine_load(machine_before, machine_cpu());
    std::vector<double> all_gs;
    for (auto& v : gs_latency) all_gs.insert(all_gs.end(), v.begin(), v.end());
    auto gp = percentiles(all_gs);
    long peak_kb = status_kb(pid, "VmHWM");

    kill(pid, SIGTERM);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    std::filesystem::remove_all(dir);

    std::printf("\nSubmitResults (%d monitors, batches of %d, mTLS keep-alive)\n", kSubmitMonitors, kResultsPerBatch);
    std::printf("  accepted results/s   %10.0f   target >= %.0f   ratio %.2f\n", results_per_second, kTargetResultsPerSecond,
                results_per_second / kTargetResultsPerSecond);
    std::printf("  batches              %10zu   refused %lld   log_scores rows %lld\n", all_submit.size(),
                refused.load(), rows);
    std::printf("  latency ms           p50 %.2f   p99 %.2f   max %.2f\n", sp.p50, sp.p99, sp.max);
    std::printf("  server CPU           %.0f%% of one core (%.1f s in %.1f s)\n", 100 * submit_cpu / submit_wall,
                submit_cpu, submit_wall);
    std::printf("  machine CPU          %s\n", submit_machine.c_str());
    std::printf("GetServers (%d requests/s, %d monitors)\n", kGetServersRate, kGetServersMonitors);
    std::printf("  requests             %10zu   failed %lld   servers handed out %lld   rate %.1f/s\n", all_gs.size(),
                gs_failed.load(), gs_servers.load(), static_cast<double>(all_gs.size()) / gs_wall);
    std::printf("  latency ms           p50 %.2f   p99 %.2f   max %.2f   target p99 < %.0f   ratio %.2f\n", gp.p50, gp.p99,
                gp.max, kTargetGetServersP99Ms, gp.p99 / kTargetGetServersP99Ms);
    std::printf("  server CPU           %.0f%% of one core\n", 100 * gs_cpu / gs_wall);
    std::printf("  machine CPU          %s\n", gs_machine.c_str());
    std::printf("monitor-api peak memory (VmHWM)  %.1f MiB\n", static_cast<double>(peak_kb) / 1024.0);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-api: " << e.what() << "\n";
    return 1;
  }
}
