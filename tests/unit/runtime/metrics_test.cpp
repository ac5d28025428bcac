// The Prometheus registry and its text exposition.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "metrics/listen_address.h"
#include "metrics/registry.h"
#include "metrics/text_format.h"

namespace ntpmon::metrics {
namespace {

TEST(RuntimeMetrics, ExactTextForASmallRegistry) {
  Registry r;
  auto& requests = r.counter_family("http_requests_total", "Requests served.\nBy path.", {"path", "code"});
  requests.with({"/b", "200"}).inc(3);
  requests.with({"/a", "500"}).inc();
  requests.with({"/a", "200"}).inc(2);
  r.gauge("queue_length", "Rows \\ waiting.").set(-2.5);
  auto& h = r.histogram("step_seconds", "Step time.", {0.125, 1});
  h.observe(0.0625);
  h.observe(0.125);  // on the bound: counted in le="0.125"
  h.observe(0.5);
  h.observe(7);
  r.counter_family("unused_total", "Never used.", {"x"});  // no children: not shown
  r.gauge_family("label_escape", "Escapes.", {"v"}).with({"a\"b\\c\nd"}).set(1);
  r.counter("zero_total", "Shown from the start.");

  EXPECT_EQ(r.text(),
            "# HELP http_requests_total Requests served.\\nBy path.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{path=\"/a\",code=\"200\"} 2\n"
            "http_requests_total{path=\"/a\",code=\"500\"} 1\n"
            "http_requests_total{path=\"/b\",code=\"200\"} 3\n"
            "# HELP label_escape Escapes.\n"
            "# TYPE label_escape gauge\n"
            "label_escape{v=\"a\\\"b\\\\c\\nd\"} 1\n"
            "# HELP queue_length Rows \\\\ waiting.\n"
            "# TYPE queue_length gauge\n"
            "queue_length -2.5\n"
            "# HELP step_seconds Step time.\n"
            "# TYPE step_seconds histogram\n"
            "step_seconds_bucket{le=\"0.125\"} 2\n"
            "step_seconds_bucket{le=\"1\"} 3\n"
            "step_seconds_bucket{le=\"+Inf\"} 4\n"
            "step_seconds_sum 7.6875\n"
            "step_seconds_count 4\n"
            "# HELP zero_total Shown from the start.\n"
            "# TYPE zero_total counter\n"
            "zero_total 0\n");
}

TEST(RuntimeMetrics, LabelledHistogramPutsLeLast) {
  Registry r;
  r.histogram_family("rtt_seconds", "RTT.", {0.5}, {"monitor"}).with({"m1"}).observe(0.25);
  EXPECT_EQ(r.text(),
            "# HELP rtt_seconds RTT.\n"
            "# TYPE rtt_seconds histogram\n"
            "rtt_seconds_bucket{monitor=\"m1\",le=\"0.5\"} 1\n"
            "rtt_seconds_bucket{monitor=\"m1\",le=\"+Inf\"} 1\n"
            "rtt_seconds_sum{monitor=\"m1\"} 0.25\n"
            "rtt_seconds_count{monitor=\"m1\"} 1\n");
}

TEST(RuntimeMetrics, SpecialValues) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(1e21), "1e+21");
  EXPECT_EQ(format_value(1234567), "1234567");
  EXPECT_EQ(format_value(0.1), "0.1");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(RuntimeMetrics, RegistrationRules) {
  Registry r;
  Counter& a = r.counter("jobs_total", "Jobs.");
  EXPECT_EQ(&a, &r.counter("jobs_total", "Jobs."));  // same again: the same metric
  EXPECT_THROW(r.gauge("jobs_total", "Jobs."), std::invalid_argument);
  EXPECT_THROW(r.counter_family("jobs_total", "Jobs.", {"x"}), std::invalid_argument);
  EXPECT_THROW(r.counter("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(r.counter("0starts_with_digit", "x"), std::invalid_argument);
  EXPECT_THROW(r.counter_family("ok_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(r.counter_family("ok_total", "x", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(r.histogram_family("h", "x", {1}, {"le"}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h2", "x", {1, 1}), std::invalid_argument);
  r.histogram("h3", "x", {1, 2});
  EXPECT_THROW(r.histogram("h3", "x", {1, 3}), std::invalid_argument);
  EXPECT_THROW(a.inc(-1), std::invalid_argument);
  auto& fam = r.counter_family("labelled_total", "x", {"a", "b"});
  EXPECT_THROW(fam.with({"only one"}), std::invalid_argument);
  EXPECT_TRUE(r.text().find("h3_bucket") != std::string::npos);
}

TEST(RuntimeMetrics, ConcurrentUpdatesAreNotLost) {
  Registry r;
  auto& fam = r.counter_family("hits_total", "Hits.", {"worker"});
  Histogram& h = r.histogram("lat", "Latency.", default_buckets());
  Gauge& g = r.gauge("inflight", "In flight.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        fam.with({std::to_string(t % 2)}).inc();
        h.observe(0.01);
        g.inc();
        g.dec();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_DOUBLE_EQ(fam.with({"0"}).value() + fam.with({"1"}).value(), 40000);
  EXPECT_EQ(h.snapshot().count, 40000u);
  EXPECT_DOUBLE_EQ(g.value(), 0);
}

TEST(RuntimeMetrics, BucketHelpers) {
  EXPECT_EQ(exponential_buckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
  EXPECT_EQ(linear_buckets(0.5, 0.5, 3), (std::vector<double>{0.5, 1, 1.5}));
  EXPECT_THROW(exponential_buckets(0, 2, 3), std::invalid_argument);
}

TEST(RuntimeListenAddress, Forms) {
  auto a = parse_listen_address("127.0.0.1:9000");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 9000);
  EXPECT_EQ(parse_listen_address(":9100").host, "0.0.0.0");
  EXPECT_EQ(parse_listen_address("[::1]:0").host, "::1");
  EXPECT_EQ(parse_listen_address("localhost:0").port, 0);
  EXPECT_THROW(parse_listen_address("9000"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("host:http"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("host:70000"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("::1:9000"), std::invalid_argument);
}

}  // namespace
}  // namespace ntpmon::metrics
