#include "ntp/exchange.h"

#include <sys/random.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

#include "ntp/errors.h"
#include "ntp/stop_waiter.h"
#include "ntp/udp_socket.h"

namespace ntpmon::ntp {

namespace {

using Mono = std::chrono::steady_clock;
// Slack when checking the kernel timestamp against the monotonic elapsed time.
constexpr std::chrono::milliseconds kKernelStampSlack{5};

SysTime realtime_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return SysTime{std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec}};
}

Exchange fail(Exchange ex, ExchangeStatus status, std::string error) {
  ex.status = status;
  ex.error = std::move(error);
  ex.response.reset();
  return ex;
}

}  // namespace

Timestamp random_nonce() {
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::uint64_t value = 0;
    auto* p = reinterpret_cast<unsigned char*>(&value);
    std::size_t got = 0;
    while (got < sizeof value) {
      const ssize_t n = ::getrandom(p + got, sizeof value - got, GRND_NONBLOCK);
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      got += static_cast<std::size_t>(n);
    }
    if (got != sizeof value) break;
    if (value != 0) return Timestamp{value};
  }
  return to_ntp(realtime_now());
}

Exchange exchange(const IpAddress& server, const ExchangeOptions& options, std::stop_token stop) {
  Exchange ex;
  StopWaiter waiter(stop);
  if (waiter.stop_requested()) return fail(std::move(ex), ExchangeStatus::cancelled, std::string(errors::kCancelled));

  std::string error;
  std::optional<UdpSocket> sock = UdpSocket::open(server, options.port, options.local_address, error);
  if (!sock) return fail(std::move(ex), ExchangeStatus::network_error, std::move(error));

  const Timestamp nonce = random_nonce();
  const PacketBytes request = encode(make_request(nonce));

  const Mono::time_point mono_t1 = Mono::now();
  const auto deadline = mono_t1 + options.timeout;
  const SysTime t1 = realtime_now();
  error = sock->send(request);
  if (!error.empty()) return fail(std::move(ex), ExchangeStatus::network_error, std::move(error));

  std::string first_skip_error;
  for (;;) {
    const auto remaining = deadline - Mono::now();
    const StopWaiter::Result w =
        remaining.count() > 0 ? waiter.wait_readable(sock->fd(), remaining) : StopWaiter::Result::timeout;
    if (w == StopWaiter::Result::stopped) {
      return fail(std::move(ex), ExchangeStatus::cancelled, std::string(errors::kCancelled));
    }
    if (w == StopWaiter::Result::timeout) {
      if (!first_skip_error.empty()) {
        return fail(std::move(ex), ExchangeStatus::protocol_error, std::move(first_skip_error));
      }
      return fail(std::move(ex), ExchangeStatus::network_error, std::string(errors::kTimeout));
    }
    if (w == StopWaiter::Result::error) {
      return fail(std::move(ex), ExchangeStatus::network_error, network_error("read", errno));
    }

    // The receive buffer exists only while a datagram is read, and is not zero-filled: a
    // batch has a hundred or more exchanges waiting at once, and their buffers would be most
    // of the agent's heap (memory budget, spec/agent.md §18).
    const auto buffer_memory = std::make_unique_for_overwrite<std::uint8_t[]>(kReceiveBufferSize);
    const std::span<std::uint8_t> buffer(buffer_memory.get(), kReceiveBufferSize);
    UdpSocket::Received got;
    const auto rs = sock->receive(buffer, got, error);
    if (rs == UdpSocket::RecvStatus::would_block) continue;
    if (rs == UdpSocket::RecvStatus::error) {
      return fail(std::move(ex), ExchangeStatus::network_error, std::move(error));
    }
    const Mono::time_point mono_t4 = Mono::now();

    const std::span<const std::uint8_t> datagram(buffer.data(), got.size);
    ++ex.datagrams_received;
    if (ex.datagrams.size() < kMaxCapturedDatagrams) ex.datagrams.emplace_back(datagram.begin(), datagram.end());

    const std::optional<Header> reply = decode(datagram);
    if (!reply) {
      ++ex.datagrams_skipped;
      if (first_skip_error.empty()) {
        first_skip_error = std::string(errors::kShortPacket) + " (" + std::to_string(got.size) + " bytes)";
      }
      continue;
    }
    const std::string_view invalid = validate_reply(*reply, nonce);
    if (!answers_request(*reply, nonce)) {
      ++ex.datagrams_skipped;
      if (first_skip_error.empty()) first_skip_error = std::string(invalid);
      continue;
    }
    if (!invalid.empty()) return fail(std::move(ex), ExchangeStatus::protocol_error, std::string(invalid));

    // T4: the kernel's receive time when plausible, else T1 + monotonic elapsed time.
    const auto elapsed = std::max(mono_t4 - mono_t1, Mono::duration::zero());
    const SysTime fallback_t4 = t1 + std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed);
    SysTime t4 = fallback_t4;
    bool kernel = false;
    if (got.kernel_time && *got.kernel_time >= t1 && *got.kernel_time <= fallback_t4 + kKernelStampSlack) {
      t4 = *got.kernel_time;
      kernel = true;
    }

    ex.response = compute_response(*reply, t1, t4);
    ex.response->kernel_rx_timestamp = kernel;
    ex.response->raw.assign(datagram.begin(), datagram.end());
    ex.status = ExchangeStatus::ok;
    ex.error.clear();
    return ex;
  }
}

}  // namespace ntpmon::ntp
