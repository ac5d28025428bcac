#pragma once
// "host:port" listen addresses as Go programs write them: "127.0.0.1:9000", ":9000" (every
// interface), "[::1]:9000", "localhost:0" (port 0: any free port).

#include <cstdint>
#include <string>
#include <string_view>

namespace ntpmon::metrics {

struct ListenAddress {
  std::string host;  // "0.0.0.0" for ":port"; IPv6 without brackets
  std::uint16_t port = 0;
};

// Throws std::invalid_argument naming the address and the problem.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace ntpmon::metrics
