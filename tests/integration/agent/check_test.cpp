// `ntppool-agent check` against real NTP servers on port 123 of loopback addresses (issue 6
// acceptance): offsets agree with an independent SNTP measurement within 1 ms; a server
// shifted with faketime shows its offset; no server gives the no-response result; a RATE
// kiss code gives that error.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "loopback_ntp.h"
#include "subprocess.h"

namespace ntpmon::agent {
namespace {

using testing::ChronydOnLoopback;

// The report of one address: "key: value" lines after "NTP check of <ip>".
std::map<std::string, std::string> report_of(const std::string& out, const std::string& ip) {
  std::map<std::string, std::string> fields;
  std::istringstream in(out);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("NTP check of ", 0) == 0) {
      inside = line == "NTP check of " + ip;
      continue;
    }
    if (!inside) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos || line.rfind("  ", 0) != 0 || line.rfind("    ", 0) == 0) continue;
    std::string key = line.substr(2, colon - 2);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    fields[key] = value;
  }
  return fields;
}

test::ProcessResult run_check(const std::vector<std::string>& ips, const std::string& state_dir) {
  std::vector<std::string> argv = {test::program_path("ntppool-agent"), "--state-dir", state_dir, "--env", "devel",
                                   "--allow-local-targets", "check"};
  argv.insert(argv.end(), ips.begin(), ips.end());
  return test::run_process(argv, {{"API_HOST", "https://127.0.0.1:1"}});
}

TEST(AgentCheckIntegration, OffsetsAgreeWithIndependentSntp) {
  const std::string v4 = "127.66.0.1", shifted = "127.66.16.1", v6 = "fd00:6e74:7061::1";
  testing::LoopbackAddress v6_address(v6);
  ASSERT_EQ(v6_address.error(), "");
  ChronydOnLoopback plain(v4), late(shifted, "+2s"), plain6(v6);
  ASSERT_EQ(plain.error(), "");
  ASSERT_EQ(late.error(), "");
  ASSERT_EQ(plain6.error(), "");
  char tmpl[] = "/tmp/ntpmon-agent-check-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);

  const auto result = run_check({v4, shifted, v6}, tmpl);
  ASSERT_EQ(result.exit_status, 0) << result.err;
  for (const std::string& ip : {v4, shifted, v6}) {
    auto fields = report_of(result.out, ip);
    ASSERT_EQ(fields["result"], "ok") << result.out;
    EXPECT_EQ(fields["no response"], "no");
    EXPECT_EQ(fields["stratum"], "2");  // `local stratum 2` of the fixture
    const auto agent_offset = testing::parse_go_duration_seconds(fields["offset"]);
    ASSERT_TRUE(agent_offset) << fields["offset"];
    const auto python_offset = testing::python_sntp_offset(ip);
    ASSERT_TRUE(python_offset) << "independent SNTP probe of " << ip << " failed";
    ::testing::Test::RecordProperty("offset_" + ip, std::to_string(*agent_offset) + " vs " + std::to_string(*python_offset));
    std::cout << ip << ": agent offset " << *agent_offset * 1e3 << " ms, independent " << *python_offset * 1e3
              << " ms, difference " << (*agent_offset - *python_offset) * 1e6 << " us\n";
    EXPECT_NEAR(*agent_offset, *python_offset, 0.001) << ip;
    if (ip == shifted) {
      EXPECT_NEAR(*agent_offset, 2.0, 0.05);
    } else {
      EXPECT_NEAR(*agent_offset, 0.0, 0.005);
    }
  }
  std::filesystem::remove_all(tmpl);
}

// Both families: a loopback address with no server on port 123 (normally the kernel answers
// with a port unreachable) is a no-response result with a "network:" error and no offset; a server that
// answers every request with the RATE kiss code gives the error "RATE" with the offset dropped
// (§12.5); an argument that is not an address is logged and skipped (§2.10).
TEST(AgentCheckIntegration, NoServerAndRateKiss) {
  const std::string silent = "127.66.48.1", rate = "127.66.32.1";
  const std::string silent6 = "fd00:6e74:7061::31", rate6 = "fd00:6e74:7061::32";
  testing::LoopbackAddress silent6_address(silent6), rate6_address(rate6);
  ASSERT_EQ(silent6_address.error(), "");
  ASSERT_EQ(rate6_address.error(), "");
  // No answer from the silent addresses, even if a concurrently running test has an NTP
  // server on the family's wildcard address (then the request times out instead).
  testing::SilentAddress no_server(silent), no_server6(silent6);
  ASSERT_EQ(no_server.error(), "");
  ASSERT_EQ(no_server6.error(), "");
  testing::KissServer kiss(rate, "RATE"), kiss6(rate6, "RATE");
  ASSERT_EQ(kiss.error(), "");
  ASSERT_EQ(kiss6.error(), "");
  char tmpl[] = "/tmp/ntpmon-agent-check-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const auto result = run_check({silent, rate, "not-an-ip", silent6, rate6}, tmpl);
  ASSERT_EQ(result.exit_status, 0) << result.err;
  for (const std::string& ip : {silent, silent6}) {
    auto none = report_of(result.out, ip);
    EXPECT_EQ(none["no response"], "yes") << ip << "\n" << result.out;
    EXPECT_EQ(none["offset"], "-") << ip;
    EXPECT_NE(none["result"].find("error: network:"), std::string::npos) << ip << ": " << none["result"];
  }
  for (const std::string& ip : {rate, rate6}) {
    auto kissed = report_of(result.out, ip);
    EXPECT_EQ(kissed["result"], "error: RATE") << ip << "\n" << result.out;
    EXPECT_EQ(kissed["no response"], "no") << ip;
    EXPECT_EQ(kissed["offset"], "-") << ip;  // RATE drops the offset
    EXPECT_EQ(kissed["stratum"], "0") << ip;
  }
  EXPECT_NE(result.err.find("could not parse IP"), std::string::npos);
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace ntpmon::agent
