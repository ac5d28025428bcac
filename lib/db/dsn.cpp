#include "db/dsn.h"

#include <algorithm>
#include <charconv>

#include "config/value_parse.h"

namespace ntpmon::db {

DsnError::DsnError(const std::string& problem, std::size_t position)
    : config::ConfigError("invalid DSN at position " + std::to_string(position) + ": " + problem),
      problem_(problem),
      position_(position) {}

namespace {

constexpr std::string_view kIgnoredParams[] = {
    "allowAllFiles",        "allowCleartextPasswords", "allowFallbackToPlaintext",
    "allowNativePasswords", "allowOldPasswords",       "checkConnLiveness",
    "clientFoundRows",      "columnsWithAlias",        "connectionAttributes",
    "interpolateParams",    "maxAllowedPacket",        "multiStatements",
    "rejectReadOnly",       "serverPubKey",
};

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// url.QueryUnescape: %XX and '+' as space.
std::string query_unescape(std::string_view s, std::size_t offset) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      int hi = i + 2 < s.size() ? hex_digit(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) throw DsnError("invalid percent-escape in parameter value", offset + i);
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::chrono::milliseconds parse_timeout(std::string_view name, const std::string& value,
                                        std::size_t pos) {
  auto d = config::parse_duration(value);
  if (!d || d->count() < 0) {
    throw DsnError("parameter " + std::string(name) + ": invalid duration " + quoted(value) +
                       " (use a Go duration like 5s or 500ms)",
                   pos);
  }
  return std::chrono::ceil<std::chrono::milliseconds>(*d);
}

void parse_address(Dsn& dsn, std::string_view addr, std::size_t pos) {
  if (dsn.net == "unix") {
    dsn.socket = addr.empty() ? "/tmp/mysql.sock" : std::string(addr);
    dsn.host.clear();
    return;
  }
  if (addr.empty()) return;  // 127.0.0.1:3306
  std::string_view host = addr;
  std::string_view port;
  std::size_t port_pos = 0;
  if (addr.front() == '[') {
    auto close = addr.find(']');
    if (close == std::string_view::npos) throw DsnError("missing ']' in IPv6 address", pos);
    host = addr.substr(1, close - 1);
    std::string_view rest = addr.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') throw DsnError("expected ':' after ']'", pos + close + 1);
      port = rest.substr(1);
      port_pos = pos + close + 2;
    }
  } else if (auto colon = addr.rfind(':'); colon != std::string_view::npos) {
    if (addr.find(':') != colon) {
      throw DsnError("an IPv6 address needs brackets: tcp([addr]:port)", pos);
    }
    host = addr.substr(0, colon);
    port = addr.substr(colon + 1);
    port_pos = pos + colon + 1;
  }
  if (host.empty()) throw DsnError("empty host name", pos);
  dsn.host = std::string(host);
  if (port_pos != 0) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
      throw DsnError("invalid port " + quoted(port), port_pos);
    }
    dsn.port = static_cast<std::uint16_t>(value);
  }
}

void parse_param(Dsn& dsn, std::string_view name, std::string_view raw, std::size_t name_pos,
                 std::size_t value_pos) {
  std::string value = query_unescape(raw, value_pos);
  if (name == "timeout") {
    dsn.timeout = parse_timeout(name, value, value_pos);
  } else if (name == "readTimeout") {
    dsn.read_timeout = parse_timeout(name, value, value_pos);
  } else if (name == "writeTimeout") {
    dsn.write_timeout = parse_timeout(name, value, value_pos);
  } else if (name == "parseTime") {
    auto b = config::parse_bool(value);
    if (!b) throw DsnError("parameter parseTime: invalid boolean " + quoted(value), value_pos);
    dsn.parse_time = *b;
  } else if (name == "loc") {
    dsn.loc = value;
  } else if (name == "charset") {
    auto comma = value.find(',');
    dsn.charset = value.substr(0, comma);
    if (dsn.charset.empty()) throw DsnError("parameter charset: empty value", value_pos);
  } else if (name == "collation") {
    dsn.collation = value;
  } else if (name == "tls") {
    auto b = config::parse_bool(value);
    if (b) {
      dsn.tls = *b ? "true" : "false";
    } else if (value == "skip-verify" || value == "preferred") {
      dsn.tls = value;
    } else {
      throw DsnError("parameter tls: unsupported value " + quoted(value) +
                         " (use true, false, skip-verify or preferred)",
                     value_pos);
    }
  } else if (std::find(std::begin(kIgnoredParams), std::end(kIgnoredParams), name) !=
             std::end(kIgnoredParams)) {
    dsn.ignored_params.emplace_back(name);
  } else {
    throw DsnError("unknown parameter " + quoted(name), name_pos);
  }
}

void parse_params(Dsn& dsn, std::string_view params, std::size_t pos) {
  std::size_t start = 0;
  while (start <= params.size()) {
    std::size_t amp = params.find('&', start);
    if (amp == std::string_view::npos) amp = params.size();
    std::string_view item = params.substr(start, amp - start);
    if (!item.empty()) {
      auto eq = item.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        throw DsnError("parameter " + quoted(item.substr(0, eq)) + " needs the form name=value",
                       pos + start);
      }
      parse_param(dsn, item.substr(0, eq), item.substr(eq + 1), pos + start, pos + start + eq + 1);
    }
    start = amp + 1;
  }
}

}  // namespace

Dsn parse_dsn(std::string_view text) {
  if (text.empty()) throw DsnError("empty DSN", 0);
  auto slash = text.rfind('/');
  if (slash == std::string_view::npos) {
    throw DsnError("missing the '/' before the database name", text.size());
  }
  Dsn dsn;
  std::string_view left = text.substr(0, slash);
  std::size_t net_pos = 0;
  if (auto at = left.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = left.substr(0, at);
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      dsn.user = std::string(userinfo.substr(0, colon));
      dsn.password = std::string(userinfo.substr(colon + 1));
    } else {
      dsn.user = std::string(userinfo);
    }
    left = left.substr(at + 1);
    net_pos = at + 1;
  }
  std::string_view net = left;
  std::string_view addr;
  std::size_t addr_pos = net_pos;
  if (auto paren = left.find('('); paren != std::string_view::npos) {
    if (left.back() != ')') {
      throw DsnError("network address not terminated (missing ')')", net_pos + paren);
    }
    net = left.substr(0, paren);
    addr = left.substr(paren + 1, left.size() - paren - 2);
    addr_pos = net_pos + paren + 1;
    if (addr.find_first_of("()") != std::string_view::npos) {
      throw DsnError("unexpected parenthesis in network address", addr_pos);
    }
  } else if (left.find(')') != std::string_view::npos) {
    throw DsnError("')' without '('", net_pos + left.find(')'));
  }
  if (net.empty()) net = "tcp";
  if (net != "tcp" && net != "unix") {
    throw DsnError("unknown network " + quoted(net) + " (use tcp or unix)", net_pos);
  }
  dsn.net = std::string(net);
  parse_address(dsn, addr, addr_pos);

  std::string_view right = text.substr(slash + 1);
  auto q = right.find('?');
  dsn.database = std::string(right.substr(0, q));
  if (q != std::string_view::npos) parse_params(dsn, right.substr(q + 1), slash + 1 + q + 1);
  return dsn;
}

std::string Dsn::redacted() const {
  std::string out;
  if (!user.empty() || password) {
    out += user;
    if (password) out += ":***";
    out += "@";
  }
  out += net + "(";
  if (net == "unix") {
    out += socket;
  } else {
    bool v6 = host.find(':') != std::string::npos;
    out += (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  out += ")/" + database;
  return out;
}

}  // namespace ntpmon::db
