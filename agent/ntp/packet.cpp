#include "ntp/packet.h"

#include <cstdio>

namespace ntpmon::ntp {

namespace {

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

void put64(std::uint8_t* p, std::uint64_t v) {
  put32(p, static_cast<std::uint32_t>(v >> 32));
  put32(p + 4, static_cast<std::uint32_t>(v));
}

std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

std::uint64_t get64(const std::uint8_t* p) { return (std::uint64_t{get32(p)} << 32) | get32(p + 4); }

bool printable(unsigned char c) { return c >= 32 && c <= 126; }

}  // namespace

PacketBytes encode(const Header& h) {
  PacketBytes b{};
  b[0] = static_cast<std::uint8_t>((static_cast<unsigned>(h.leap) & 0x3U) << 6 |
                                   (h.version & 0x7U) << 3 | (static_cast<unsigned>(h.mode) & 0x7U));
  b[1] = h.stratum;
  b[2] = static_cast<std::uint8_t>(h.poll);
  b[3] = static_cast<std::uint8_t>(h.precision);
  put32(&b[4], h.root_delay.raw);
  put32(&b[8], h.root_dispersion.raw);
  put32(&b[12], h.reference_id);
  put64(&b[16], h.reference_time.raw);
  put64(&b[24], h.origin_time.raw);
  put64(&b[32], h.receive_time.raw);
  put64(&b[40], h.transmit_time.raw);
  return b;
}

std::optional<Header> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kHeaderSize) return std::nullopt;
  const std::uint8_t* b = bytes.data();
  Header h;
  h.leap = static_cast<Leap>(b[0] >> 6);
  h.version = static_cast<std::uint8_t>((b[0] >> 3) & 0x7U);
  h.mode = static_cast<Mode>(b[0] & 0x7U);
  h.stratum = b[1];
  h.poll = static_cast<std::int8_t>(b[2]);
  h.precision = static_cast<std::int8_t>(b[3]);
  h.root_delay = ShortTime{get32(&b[4])};
  h.root_dispersion = ShortTime{get32(&b[8])};
  h.reference_id = get32(&b[12]);
  h.reference_time = Timestamp{get64(&b[16])};
  h.origin_time = Timestamp{get64(&b[24])};
  h.receive_time = Timestamp{get64(&b[32])};
  h.transmit_time = Timestamp{get64(&b[40])};
  return h;
}

Header make_request(Timestamp transmit) {
  Header h;
  h.leap = Leap::no_warning;
  h.version = kVersion;
  h.mode = Mode::client;
  h.precision = kRequestPrecision;
  h.transmit_time = transmit;
  return h;
}

std::string reference_id_bytes(std::uint32_t id) {
  std::string s(4, '\0');
  s[0] = static_cast<char>(id >> 24);
  s[1] = static_cast<char>(id >> 16);
  s[2] = static_cast<char>(id >> 8);
  s[3] = static_cast<char>(id);
  return s;
}

std::string kiss_code(std::uint8_t stratum, std::uint32_t reference_id) {
  if (stratum != 0) return {};
  std::string s = reference_id_bytes(reference_id);
  for (const char c : s) {
    if (!printable(static_cast<unsigned char>(c))) return {};
  }
  return s;
}

std::string_view describe_kiss_code(std::string_view code) {
  struct Entry {
    std::string_view code, meaning;
  };
  static constexpr Entry kCodes[] = {
      {"ACST", "the association belongs to a unicast server"},
      {"AUTH", "server authentication failed"},
      {"AUTO", "autokey sequence failed"},
      {"BCST", "the association belongs to a broadcast server"},
      {"CRYP", "cryptographic authentication or identification failed"},
      {"DENY", "access denied by remote server"},
      {"DROP", "lost peer in symmetric mode"},
      {"RSTR", "access denied due to local policy"},
      {"INIT", "the association has not yet synchronized for the first time"},
      {"MCST", "the association belongs to a dynamically discovered server"},
      {"NKEY", "no key found"},
      {"RATE", "rate exceeded: the server has temporarily denied access"},
      {"RMOT", "alteration of association from a remote host running ntpdc"},
      {"STEP", "a step change in system time has occurred"},
  };
  for (const auto& e : kCodes) {
    if (e.code == code) return e.meaning;
  }
  return {};
}

std::string format_reference_id_hex(std::uint32_t id) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(id));
  return buf;
}

std::string render_reference_id(std::uint8_t stratum, std::uint32_t id) {
  if (stratum <= 1) {
    std::string s = reference_id_bytes(id);
    while (!s.empty() && s.back() == '\0') s.pop_back();
    bool ok = !s.empty();
    for (const char c : s) ok = ok && printable(static_cast<unsigned char>(c));
    if (ok) return s;
    return format_reference_id_hex(id);
  }
  char buf[20];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (id >> 24) & 0xffU, (id >> 16) & 0xffU,
                (id >> 8) & 0xffU, id & 0xffU);
  return buf;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xe0) == 0xc0) {
      len = 2, cp = c & 0x1fU, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0fU, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, cp = c & 0x07U, min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fU);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::string_view to_string(Leap leap) {
  switch (leap) {
    case Leap::no_warning: return "no warning";
    case Leap::add_second: return "last minute has 61 seconds";
    case Leap::delete_second: return "last minute has 59 seconds";
    case Leap::not_in_sync: return "not in sync";
  }
  return "unknown";
}

std::string_view to_string(Mode mode) {
  switch (mode) {
    case Mode::reserved: return "reserved";
    case Mode::symmetric_active: return "symmetric active";
    case Mode::symmetric_passive: return "symmetric passive";
    case Mode::client: return "client";
    case Mode::server: return "server";
    case Mode::broadcast: return "broadcast";
    case Mode::control: return "control";
    case Mode::private_use: return "private";
  }
  return "unknown";
}

}  // namespace ntpmon::ntp
