// bench-agent: ntppool-agent's resource use while monitoring (issue 6 targets): resident memory
// < 10 MB while monitoring 100 servers per batch on both IP families, CPU < 1 s per 1,000
// measurements. Also the offset agreement of `check` with an independent SNTP measurement.
//
// The real monitor-api with a test database hands out batches of 100 servers per family (100
// IPv4 and 100 IPv6 loopback addresses answered by one in-process NTP responder); the agent
// runs as its own process; its VmRSS is sampled every 100 ms, its CPU time read from /proc,
// its measurements counted in log_scores. Needs root (port 123, addresses on lo).
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "api_fixture.h"
#include "background_process.h"
#include "loopback_ntp.h"
#include "subprocess.h"

namespace {

using namespace ntpmon::agent::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kServersPerFamily = 100;
constexpr std::chrono::seconds kDefaultRun{150};  // BENCH_AGENT_SECONDS overrides (quick looks)
constexpr double kTargetRssKib = 10 * 1024;
constexpr double kTargetCpuSecondsPer1000 = 1.0;

long long count(soci::session& s, const std::string& sql) {
  long long n = 0;
  s << sql, soci::into(n);
  return n;
}

int fail(const std::string& why) {
  std::cerr << "bench-agent: " << why << "\n";
  return 1;
}

}  // namespace

int main() {
  if (::geteuid() != 0) return fail("needs root (NTP servers on port 123 of loopback addresses)");
  std::chrono::seconds run_for = kDefaultRun;
  if (const char* v = std::getenv("BENCH_AGENT_SECONDS"); v != nullptr && std::atoi(v) > 0) {
    run_for = std::chrono::seconds(std::atoi(v));
  }
  std::vector<std::string> v4, v6;
  std::vector<std::unique_ptr<LoopbackAddress>> lo;
  for (int i = 1; i <= kServersPerFamily; ++i) {
    v4.push_back("127.66.128." + std::to_string(i));
    v6.push_back("fd00:6e74:7064::" + std::to_string(i));
    lo.push_back(std::make_unique<LoopbackAddress>(v6.back()));
    if (!lo.back()->error().empty()) return fail(lo.back()->error());
  }
  std::vector<std::string> all = v4;
  all.insert(all.end(), v6.begin(), v6.end());
  NtpResponder responder(all);
  if (!responder.error().empty()) return fail(responder.error());

  ApiFixture api("bench_agent");
  if (!api.error().empty()) return fail(api.error());
  auto& db = api.db().session();
  const long long account = api.add_account("bench", "benchacct");
  for (const auto& ip : all) {
    auto r = api.admin({"servers", "add", ip, "--account", std::to_string(account)});
    if (r.exit_status != 0) return fail("servers add " + ip + ": " + r.err);
  }
  api.set_operational_defaults(3, v4.front(), v6.front());
  db << "INSERT INTO system_settings (`key`, value, created_on) VALUES ('monitors', "
        "'{\"interval_active\":\"20s\",\"interval_testing\":\"60s\",\"interval_all\":\"10s\",\"batch_size\":100}', NOW())";

  const auto state = api.dir() / "bench-agent-state";
  std::string error;
  const std::string tls_name = api.register_agent(state, account, "active", "::1", error);
  if (tls_name.empty()) return fail(error);
  api.add_server_scores(tls_name, "active");

  BackgroundProcess agent(api.agent_argv(state, {"monitor"}), api.agent_env(), (api.dir() / "bench-agent.log").string());
  if (!agent.wait_for_log("batch processing", 60s)) return fail("the agent did not start working:\n" + agent.log());
  const auto cpu_start = agent.cpu_time();
  const long long rows_start = count(db, "SELECT COUNT(*) FROM log_scores");
  long peak_rss = 0, peak_anon = 0, peak_file = 0, peak_threads = 0;
  double rss_sum = 0;
  long samples = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < run_for) {
    const long rss = agent.rss_kib();
    if (rss <= 0) return fail("the agent exited:\n" + agent.log());
    if (rss > peak_rss) {  // the split of the peak: code and data mapped from files vs. heap and stacks
      peak_anon = agent.status_kib("RssAnon");
      peak_file = agent.status_kib("RssFile");
    }
    peak_threads = std::max(peak_threads, agent.status_kib("Threads"));
    peak_rss = std::max(peak_rss, rss);
    rss_sum += static_cast<double>(rss);
    ++samples;
    std::this_thread::sleep_for(100ms);
  }
  const auto cpu = agent.cpu_time() - cpu_start;
  const long long measurements = count(db, "SELECT COUNT(*) FROM log_scores") - rows_start;
  const long hwm = agent.peak_rss_kib();
  const long long good = count(db, "SELECT COUNT(*) FROM log_scores WHERE step = 1");
  const long long total = count(db, "SELECT COUNT(*) FROM log_scores");
  const auto stop = Clock::now();
  const auto status = agent.terminate(5s);
  const auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - stop).count();

  // Offset agreement: `check` and an independent SNTP client against a real chronyd.
  double agreement_us = -1;
  {
    ChronydOnLoopback chronyd("127.66.127.1");
    if (chronyd.error().empty()) {
      const auto r = ntpmon::test::run_process(
          api.agent_argv(state, {"check", "127.66.127.1"}), api.agent_env());
      const auto pos = r.out.find("  offset:");
      const auto python = python_sntp_offset("127.66.127.1");
      if (pos != std::string::npos && python) {
        const std::string value = r.out.substr(pos + 9, r.out.find('\n', pos) - pos - 9);
        if (auto agent_offset = parse_go_duration_seconds(value.substr(value.find_first_not_of(' ')))) {
          agreement_us = std::abs(*agent_offset - *python) * 1e6;
        }
      }
    }
  }

  const double cpu_s = std::chrono::duration<double>(cpu).count();
  const double per_1000 = measurements > 0 ? cpu_s * 1000.0 / static_cast<double>(measurements) : 0;
  std::printf("bench-agent: %d servers per family, both families, %lld s of monitoring\n", kServersPerFamily,
              static_cast<long long>(run_for.count()));
  std::printf("  measurements submitted      %lld (%lld of all %lld with step +1)\n", measurements, good, total);
  std::printf("  resident memory (VmRSS)     peak %ld KiB, mean %.0f KiB, VmHWM %ld KiB   target < %.0f KiB  ratio %.2f\n",
              peak_rss, rss_sum / static_cast<double>(std::max(1L, samples)), hwm, kTargetRssKib,
              static_cast<double>(peak_rss) / kTargetRssKib);
  std::printf("    at the peak                 RssAnon %ld KiB (heap, stacks), RssFile %ld KiB (program code); "
              "up to %ld threads\n", peak_anon, peak_file, peak_threads);
  std::printf("  CPU                         %.2f s = %.3f s per 1,000 measurements   target < %.1f s  ratio %.2f\n",
              cpu_s, per_1000, kTargetCpuSecondsPer1000, per_1000 / kTargetCpuSecondsPer1000);
  std::printf("  offset vs independent SNTP  %.0f us difference (target < 1000 us)\n", agreement_us);
  std::printf("  SIGTERM -> exit             %lld ms, status %d\n", static_cast<long long>(stop_ms), status.value_or(-1));
  const bool ok = measurements > 0 && peak_rss < kTargetRssKib && per_1000 < kTargetCpuSecondsPer1000 &&
                  agreement_us >= 0 && agreement_us < 1000;
  if (!ok) std::printf("bench-agent: a target was missed\n");
  return ok ? 0 : 1;
}
