#include "http_load.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <stdexcept>

#include "subprocess.h"

namespace ntpmon::bench_web {

LatencyStats measure_latency(std::uint16_t port, const std::string& target, int requests) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_url_encode(false);
  std::vector<double> ms;
  LatencyStats stats;
  for (int i = 0; i < requests; ++i) {
    auto started = std::chrono::steady_clock::now();
    auto result = client.Get(target.c_str());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    if (!result || result->status != 200) {
      ++stats.failures;
      continue;
    }
    stats.body_bytes = result->body.size();
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
  stats.p50_ms = at(0.50);
  stats.p99_ms = at(0.99);
  stats.max_ms = ms.back();
  return stats;
}

WrkResult run_wrk(std::uint16_t port, const std::string& script, int threads, int connections, int seconds) {
  auto r = test::run_process({"/usr/bin/wrk", "-t" + std::to_string(threads), "-c" + std::to_string(connections),
                              "-d" + std::to_string(seconds) + "s", "--latency", "-s", script,
                              "http://127.0.0.1:" + std::to_string(port) + "/"});
  if (r.exit_status != 0) throw std::runtime_error("wrk failed (is the wrk package installed?): " + r.err);
  WrkResult out;
  out.output = r.out;
  std::smatch m;
  if (std::regex_search(r.out, m, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) out.requests_per_second = std::stod(m[1]);
  if (std::regex_search(r.out, m, std::regex(R"((\d+) requests in)"))) out.requests = std::stoll(m[1]);
  if (std::regex_search(r.out, m, std::regex(R"(Non-2xx or 3xx responses:\s+(\d+))"))) out.non_2xx = std::stoll(m[1]);
  if (std::regex_search(r.out, m, std::regex(R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))"))) {
    out.socket_errors = std::stoll(m[1]) + std::stoll(m[2]) + std::stoll(m[3]) + std::stoll(m[4]);
  }
  if (std::regex_search(r.out, m, std::regex(R"(\s50%\s+(\S+))"))) out.latency_p50 = m[1];
  if (std::regex_search(r.out, m, std::regex(R"(\s99%\s+(\S+))"))) out.latency_p99 = m[1];
  return out;
}

}  // namespace ntpmon::bench_web
