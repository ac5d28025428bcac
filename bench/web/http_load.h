#pragma once
// Load for bench-web: sequential requests on one keep-alive connection (latency), and wrk
// (throughput).

#include <cstdint>
#include <string>
#include <vector>

namespace ntpmon::bench_web {

struct LatencyStats {
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  std::size_t body_bytes = 0;  // of the last response
  int failures = 0;            // responses other than 200
};

// `requests` GETs of `target`, one after the other, on one connection.
LatencyStats measure_latency(std::uint16_t port, const std::string& target, int requests);

struct WrkResult {
  double requests_per_second = 0;
  std::string latency_p50, latency_p99;  // as wrk prints them ("1.23ms")
  long long requests = 0;
  long long non_2xx = 0;
  long long socket_errors = 0;
  std::string output;  // wrk's full report
};

// wrk -t<threads> -c<connections> -d<seconds>s --latency -s <script> http://127.0.0.1:<port>/
WrkResult run_wrk(std::uint16_t port, const std::string& script, int threads, int connections, int seconds);

}  // namespace ntpmon::bench_web
