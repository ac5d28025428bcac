#include "clickhouse_client.h"

#include <httplib.h>

#include <cctype>
#include <charconv>

namespace ntpmon::archiver {

namespace {

std::string percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) throw std::invalid_argument("ch_dsn: bad percent escape in the " + std::string(what));
    auto [p, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc() || p != text.data() + i + 3) {
      throw std::invalid_argument("ch_dsn: bad percent escape in the " + std::string(what));
    }
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// The first line of a ClickHouse error ("Code: 60, e.displayText() = DB::Exception: ...").
std::string first_line(std::string_view body) {
  auto end = body.find('\n');
  std::string_view line = body.substr(0, end);
  if (line.size() > 2000) line = line.substr(0, 2000);
  return std::string(line);
}

std::string transport_error(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "could not connect";
    case httplib::Error::ConnectionTimeout: return "connection timed out";
    case httplib::Error::Read: return "no complete answer (read failed or timed out)";
    case httplib::Error::Write: return "sending the request failed";
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification: return "TLS failed (" + httplib::to_string(error) + ")";
    default: return "request failed (" + httplib::to_string(error) + ")";
  }
}

}  // namespace

std::string ClickHouseEndpoint::redacted() const {
  std::string out = scheme + "://";
  if (!user.empty()) out += user + (password.empty() ? "" : ":***") + "@";
  return out + host + ":" + std::to_string(port) + "/" + database;
}

ClickHouseEndpoint parse_clickhouse_url(std::string_view url) {
  ClickHouseEndpoint e;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    throw std::invalid_argument("ch_dsn: expected an HTTP URL such as http://host:8123/database");
  }
  e.scheme = std::string(url.substr(0, scheme_end));
  if (e.scheme == "tcp" || e.scheme == "clickhouse") {
    throw std::invalid_argument("ch_dsn: the native protocol (" + e.scheme +
                                "://, port 9000) is not supported; give the HTTP interface's URL, "
                                "e.g. http://host:8123/database");
  }
  if (e.scheme != "http" && e.scheme != "https") {
    throw std::invalid_argument("ch_dsn: unsupported scheme '" + e.scheme + "' (use http or https)");
  }
  e.port = e.scheme == "https" ? 8443 : 8123;
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    throw std::invalid_argument("ch_dsn: URL parameters are not supported; give http://[user[:password]@]host[:port][/database]");
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view path = authority.size() < rest.size() ? rest.substr(authority.size() + 1) : std::string_view{};
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    e.user = percent_decode(userinfo.substr(0, colon), "user");
    if (colon != std::string_view::npos) e.password = percent_decode(userinfo.substr(colon + 1), "password");
  }
  std::string_view host = authority;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8123
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("ch_dsn: unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') throw std::invalid_argument("ch_dsn: unexpected text after the host");
    if (!after.empty()) port_text = after.substr(1);
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  if (port_text.data() != nullptr) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      throw std::invalid_argument("ch_dsn: bad port '" + std::string(port_text) + "'");
    }
    e.port = port;
  }
  if (host.empty()) throw std::invalid_argument("ch_dsn: no host");
  e.host = std::string(host);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.find('/') != std::string_view::npos) {
    throw std::invalid_argument("ch_dsn: the path must be just the database name");
  }
  if (!path.empty()) e.database = percent_decode(path, "database");
  return e;
}

struct ClickHouseClient::Http {
  explicit Http(const ClickHouseEndpoint& e)
      : client(e.scheme + "://" + (e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host) + ":" +
               std::to_string(e.port)) {}
  httplib::Client client;
};

ClickHouseClient::ClickHouseClient(ClickHouseEndpoint endpoint, std::chrono::seconds timeout)
    : endpoint_(std::move(endpoint)), http_(std::make_unique<Http>(endpoint_)) {
  auto& c = http_->client;
  c.set_connection_timeout(std::chrono::seconds(10));
  c.set_read_timeout(timeout);
  c.set_write_timeout(timeout);
  c.set_keep_alive(true);
  if (!endpoint_.user.empty()) c.set_basic_auth(endpoint_.user, endpoint_.password);
}

ClickHouseClient::~ClickHouseClient() = default;

std::string ClickHouseClient::execute(std::string_view statement, std::string_view data) {
  std::string target = "/?database=" + url_encode(endpoint_.database);
  std::string_view body = statement;
  if (!data.empty()) {
    target += "&query=" + url_encode(statement);
    body = data;
  }
  auto res = http_->client.Post(target, body.data(), body.size(), "application/octet-stream");
  if (!res) {
    throw ClickHouseError("clickhouse " + endpoint_.redacted() + ": " + transport_error(res.error()));
  }
  if (res->status != 200) {
    throw ClickHouseError("clickhouse " + endpoint_.redacted() + ": HTTP " + std::to_string(res->status) + ": " +
                          first_line(res->body));
  }
  return std::move(res->body);
}

}  // namespace ntpmon::archiver
