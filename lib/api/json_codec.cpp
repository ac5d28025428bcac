#include "api/json_codec.h"

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

namespace ntpmon::api {
namespace {

using json = nlohmann::json;

constexpr int kMaxDepth = 16;

// Length limits of request fields (the server's view; responses are not limited).
constexpr std::size_t kMaxMonIdLength = 64;          // an IP literal is at most 45
constexpr std::size_t kMaxTicketBytes = 256;
constexpr std::size_t kMaxIpBytes = 64;              // checked to be 4 or 16 later, with a clear error
constexpr std::size_t kMaxTestIdBytes = 64;
constexpr std::size_t kMaxBatchIdBytes = 64;
constexpr std::size_t kMaxErrorTextBytes = 1024;
constexpr std::size_t kMaxCsrBytes = 64 * 1024;
constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

std::string strip_exception_prefix(const char* what) {
  std::string_view text(what);
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  return std::string(text);
}

json parse_body(std::string_view text) {
  if (text.empty()) throw DecodeError("", "the body is empty; expected a JSON object");
  try {
    json::parser_callback_t depth_limit = [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw DecodeError("", "JSON nested deeper than " + std::to_string(kMaxDepth));
      return true;
    };
    return json::parse(text.begin(), text.end(), depth_limit);
  } catch (const json::exception& e) {
    throw DecodeError("", "invalid JSON: " + strip_exception_prefix(e.what()));
  }
}

std::string show(const json& v) {
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

[[noreturn]] void wrong_type(const json& v, const std::string& path, const char* expected) {
  throw DecodeError(path, std::string("expected ") + expected + ", got " + v.type_name() + " " + show(v));
}

std::string child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Field names: proto3 JSON accepts the lowerCamelCase json_name and the original field name.
struct Names {
  std::string_view json_name;
  std::string_view proto_name;
  bool matches(std::string_view key) const { return key == json_name || key == proto_name; }
};

using FieldHandler = std::function<bool(std::string_view key, const json& value, const std::string& path)>;

// Calls `field` for each member; a member it does not know (returns false) is an error when
// unknown fields are rejected.
void read_object(const json& j, const std::string& path, UnknownFields unknown, const FieldHandler& field) {
  if (!j.is_object()) wrong_type(j, path, "a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string fpath = child(path, it.key());
    if (!field(it.key(), it.value(), fpath) && unknown == UnknownFields::reject) {
      throw DecodeError(fpath, "unknown field");
    }
  }
}

std::string read_string(const json& v, const std::string& path, std::size_t max_bytes) {
  if (v.is_null()) return {};
  if (!v.is_string()) wrong_type(v, path, "a string");
  const auto& s = v.get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    throw DecodeError(path, std::to_string(s.size()) + " bytes of text; at most " + std::to_string(max_bytes));
  }
  return s;
}

std::string read_bytes(const json& v, const std::string& path, std::size_t max_bytes) {
  if (v.is_null()) return {};
  if (!v.is_string()) wrong_type(v, path, "base64 text");
  const auto& s = v.get_ref<const std::string&>();
  if (max_bytes != kUnlimited && s.size() > (max_bytes + 2) / 3 * 4 + 4) {
    throw DecodeError(path, "more than " + std::to_string(max_bytes) + " bytes");
  }
  std::string bytes;
  try {
    bytes = base64_decode(s);
  } catch (const std::invalid_argument& e) {
    throw DecodeError(path, std::string("not base64: ") + e.what());
  }
  if (bytes.size() > max_bytes) throw DecodeError(path, "more than " + std::to_string(max_bytes) + " bytes");
  return bytes;
}

std::int32_t read_int32(const json& v, const std::string& path) {
  constexpr auto kMin = std::numeric_limits<std::int32_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int32_t>::max();
  auto out_of_range = [&]() -> DecodeError {
    return DecodeError(path, show(v) + " is out of range for int32");
  };
  if (v.is_null()) return 0;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(kMax)) throw out_of_range();
    return static_cast<std::int32_t>(u);
  }
  if (v.is_number_integer()) {
    auto i = v.get<std::int64_t>();
    if (i < kMin || i > kMax) throw out_of_range();
    return static_cast<std::int32_t>(i);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || d != std::trunc(d)) throw DecodeError(path, show(v) + " is not an integer");
    if (d < kMin || d > kMax) throw out_of_range();
    return static_cast<std::int32_t>(d);
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
    if (i == s.size() || s.size() > 12) throw DecodeError(path, show(v) + " is not an integer");
    std::int64_t value = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') throw DecodeError(path, show(v) + " is not an integer");
      value = value * 10 + (s[i] - '0');
    }
    if (s[0] == '-') value = -value;
    if (value < kMin || value > kMax) throw out_of_range();
    return static_cast<std::int32_t>(value);
  }
  wrong_type(v, path, "an integer");
}

bool read_bool(const json& v, const std::string& path) {
  if (v.is_null()) return false;
  if (!v.is_boolean()) wrong_type(v, path, "true or false");
  return v.get<bool>();
}

std::optional<Timestamp> read_timestamp(const json& v, const std::string& path) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_string()) wrong_type(v, path, "an RFC 3339 timestamp string");
  try {
    return parse_timestamp(v.get_ref<const std::string&>());
  } catch (const std::invalid_argument& e) {
    throw DecodeError(path, show(v) + " is not a timestamp: " + e.what());
  }
}

std::optional<Duration> read_duration(const json& v, const std::string& path) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_string()) wrong_type(v, path, "a duration string such as \"0.0125s\"");
  try {
    return parse_duration(v.get_ref<const std::string&>());
  } catch (const std::invalid_argument& e) {
    throw DecodeError(path, show(v) + " is not a duration: " + e.what());
  }
}

// Elements of a repeated field; null reads as empty.
const json::array_t& read_array(const json& v, const std::string& path, std::size_t max_items,
                                const char* what) {
  static const json::array_t kEmpty;
  if (v.is_null()) return kEmpty;
  if (!v.is_array()) wrong_type(v, path, "a JSON array");
  const auto& items = v.get_ref<const json::array_t&>();
  if (items.size() > max_items) {
    throw DecodeError(path, std::to_string(items.size()) + " " + what + "; at most " + std::to_string(max_items) +
                                " in one call");
  }
  return items;
}

std::string element(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// ---- RPC message readers ----

constexpr Names kMonId{"monId", "mon_id"};
constexpr Names kSamples{"samples", "samples"};
constexpr Names kIpBytes{"ipBytes", "ip_bytes"};
constexpr Names kIpNatBytes{"ipNatBytes", "ip_nat_bytes"};
constexpr Names kBaseChecks{"baseChecks", "base_checks"};
constexpr Names kMqttConfig{"mqttConfig", "mqtt_config"};
constexpr Names kOtlpLogLevel{"otlpLogLevel", "otlp_log_level"};
constexpr Names kTestId{"testId", "test_id"};
constexpr Names kTicket{"ticket", "ticket"};
constexpr Names kTrace{"trace", "trace"};
constexpr Names kBatchId{"batchId", "batch_id"};
constexpr Names kConfig{"config", "config"};
constexpr Names kServers{"servers", "servers"};
constexpr Names kError{"error", "error"};
constexpr Names kNoResponse{"noResponse", "no_response"};
constexpr Names kTs{"ts", "ts"};
constexpr Names kOffset{"offset", "offset"};
constexpr Names kRtt{"rtt", "rtt"};
constexpr Names kStratum{"stratum", "stratum"};
constexpr Names kLeap{"leap", "leap"};
constexpr Names kVersion{"version", "version"};
constexpr Names kList{"list", "list"};
constexpr Names kOk{"ok", "ok"};

std::string read_mon_id_message(const json& j, UnknownFields unknown) {
  std::string mon_id;
  read_object(j, "", unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kMonId.matches(key)) {
      mon_id = read_string(v, path, kMaxMonIdLength);
      return true;
    }
    return false;
  });
  return mon_id;
}

GetConfigResponse read_config(const json& j, const std::string& at, UnknownFields unknown) {
  GetConfigResponse m;
  read_object(j, at, unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kSamples.matches(key)) {
      m.samples = read_int32(v, path);
    } else if (kIpBytes.matches(key)) {
      m.ip_bytes = read_bytes(v, path, kUnlimited);
    } else if (kIpNatBytes.matches(key)) {
      m.ip_nat_bytes = read_bytes(v, path, kUnlimited);
    } else if (kBaseChecks.matches(key)) {
      const auto& items = read_array(v, path, kUnlimited, "entries");
      for (std::size_t i = 0; i < items.size(); ++i) {
        m.base_checks.push_back(read_bytes(items[i], element(path, i), kUnlimited));
      }
    } else if (kOtlpLogLevel.matches(key)) {
      m.otlp_log_level = read_string(v, path, kUnlimited);
    } else if (kMqttConfig.matches(key)) {
      // Not used by this project (spec/api.md "Project decisions"); tolerated from other servers.
      if (!v.is_null() && !v.is_object()) wrong_type(v, path, "a JSON object");
    } else {
      return false;
    }
    return true;
  });
  return m;
}

Server read_server(const json& j, const std::string& at, UnknownFields unknown) {
  Server m;
  read_object(j, at, unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kTestId.matches(key)) {
      m.test_id = read_bytes(v, path, kUnlimited);
    } else if (kTicket.matches(key)) {
      m.ticket = read_bytes(v, path, kUnlimited);
    } else if (kIpBytes.matches(key)) {
      m.ip_bytes = read_bytes(v, path, kUnlimited);
    } else if (kTrace.matches(key)) {
      m.trace = read_bool(v, path);
    } else {
      return false;
    }
    return true;
  });
  return m;
}

ServerStatus read_server_status(const json& j, const std::string& at, UnknownFields unknown) {
  ServerStatus m;
  read_object(j, at, unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kTestId.matches(key)) {
      m.test_id = read_bytes(v, path, kMaxTestIdBytes);
    } else if (kTicket.matches(key)) {
      m.ticket = read_bytes(v, path, kMaxTicketBytes);
    } else if (kIpBytes.matches(key)) {
      m.ip_bytes = read_bytes(v, path, kMaxIpBytes);
    } else if (kError.matches(key)) {
      m.error = read_string(v, path, kMaxErrorTextBytes);
    } else if (kNoResponse.matches(key)) {
      m.no_response = read_bool(v, path);
    } else if (kTs.matches(key)) {
      m.ts = read_timestamp(v, path);
    } else if (kOffset.matches(key)) {
      m.offset = read_duration(v, path);
    } else if (kRtt.matches(key)) {
      m.rtt = read_duration(v, path);
    } else if (kStratum.matches(key)) {
      m.stratum = read_int32(v, path);
    } else if (kLeap.matches(key)) {
      m.leap = read_int32(v, path);
    } else {
      return false;
    }
    return true;
  });
  return m;
}

// ---- HTTP API readers: keys matched case-insensitively, as Go's encoding/json does ----

void read_http_object(const json& j, const std::string& at, UnknownFields unknown,
                      std::initializer_list<std::pair<std::string_view, std::function<void(const json&, const std::string&)>>>
                          fields) {
  read_object(j, at, unknown, [&](std::string_view key, const json& v, const std::string& path) {
    for (const auto& [name, read] : fields) {
      if (iequals(key, name)) {
        read(v, path);
        return true;
      }
    }
    return false;
  });
}

FamilyStatus read_family(const json& j, const std::string& at, UnknownFields unknown) {
  FamilyStatus f;
  if (j.is_null()) return f;
  read_http_object(j, at, unknown,
                   {{"status", [&](const json& v, const std::string& p) { f.status = read_string(v, p, kUnlimited); }},
                    {"ip", [&](const json& v, const std::string& p) { f.ip = read_string(v, p, kUnlimited); }}});
  return f;
}

Timestamp required_timestamp(const json& v, const std::string& path) {
  auto t = read_timestamp(v, path);
  if (!t) throw DecodeError(path, "missing timestamp");
  return *t;
}

// ---- writers ----

void put_bytes(json& j, const char* key, const std::string& bytes) {
  if (!bytes.empty()) j[key] = base64_encode(bytes);
}
void put_string(json& j, const char* key, const std::string& s) {
  if (!s.empty()) j[key] = s;
}

json config_json(const GetConfigResponse& m) {
  json j = json::object();
  if (m.samples != 0) j["samples"] = m.samples;
  put_bytes(j, "ipBytes", m.ip_bytes);
  put_bytes(j, "ipNatBytes", m.ip_nat_bytes);
  if (!m.base_checks.empty()) {
    json checks = json::array();
    for (const auto& c : m.base_checks) checks.push_back(base64_encode(c));
    j["baseChecks"] = std::move(checks);
  }
  put_string(j, "otlpLogLevel", m.otlp_log_level);
  return j;
}

json family_json(const FamilyStatus& f) { return json{{"status", f.status}, {"ip", f.ip}}; }

}  // namespace

DecodeError::DecodeError(std::string path, std::string problem)
    : std::invalid_argument(path.empty() ? problem : path + ": " + problem),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

GetConfigRequest decode_get_config_request(std::string_view text, UnknownFields unknown) {
  return GetConfigRequest{read_mon_id_message(parse_body(text), unknown)};
}

GetServersRequest decode_get_servers_request(std::string_view text, UnknownFields unknown) {
  return GetServersRequest{read_mon_id_message(parse_body(text), unknown)};
}

SubmitResultsRequest decode_submit_results_request(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  SubmitResultsRequest m;
  read_object(j, "", unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kVersion.matches(key)) {
      m.version = read_int32(v, path);
    } else if (kMonId.matches(key)) {
      m.mon_id = read_string(v, path, kMaxMonIdLength);
    } else if (kBatchId.matches(key)) {
      m.batch_id = read_bytes(v, path, kMaxBatchIdBytes);
    } else if (kList.matches(key)) {
      const auto& items = read_array(v, path, kMaxResultsPerSubmit, "results");
      m.list.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        m.list.push_back(read_server_status(items[i], element(path, i), unknown));
      }
    } else {
      return false;
    }
    return true;
  });
  return m;
}

CertificateRequestBody decode_certificate_request(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  CertificateRequestBody m;
  read_http_object(j, "", unknown,
                   {{"csr", [&](const json& v, const std::string& p) { m.csr = read_string(v, p, kMaxCsrBytes); }}});
  return m;
}

GetConfigResponse decode_get_config_response(std::string_view text, UnknownFields unknown) {
  return read_config(parse_body(text), "", unknown);
}

GetServersResponse decode_get_servers_response(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  GetServersResponse m;
  read_object(j, "", unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (kBatchId.matches(key)) {
      m.batch_id = read_bytes(v, path, kUnlimited);
    } else if (kConfig.matches(key)) {
      if (!v.is_null()) m.config = read_config(v, path, unknown);
    } else if (kServers.matches(key)) {
      const auto& items = read_array(v, path, kUnlimited, "servers");
      for (std::size_t i = 0; i < items.size(); ++i) m.servers.push_back(read_server(items[i], element(path, i), unknown));
    } else {
      return false;
    }
    return true;
  });
  return m;
}

SubmitResultsResponse decode_submit_results_response(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  SubmitResultsResponse m;
  read_object(j, "", unknown, [&](std::string_view key, const json& v, const std::string& path) {
    if (!kOk.matches(key)) return false;
    m.ok = read_bool(v, path);
    return true;
  });
  return m;
}

RegistrationResponse decode_registration_response(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  RegistrationResponse m;
  read_http_object(j, "", unknown,
                   {{"URL", [&](const json& v, const std::string& p) { m.url = read_string(v, p, kUnlimited); }},
                    {"Status", [&](const json& v, const std::string& p) { m.status = read_string(v, p, kUnlimited); }},
                    {"APIToken", [&](const json& v, const std::string& p) { m.api_token = read_string(v, p, kUnlimited); }}});
  return m;
}

MonitorStatusConfig decode_monitor_status_config(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  MonitorStatusConfig m;
  read_http_object(j, "", unknown,
                   {{"name", [&](const json& v, const std::string& p) { m.name = read_string(v, p, kUnlimited); }},
                    {"tls_name", [&](const json& v, const std::string& p) { m.tls_name = read_string(v, p, kUnlimited); }},
                    {"ipv4", [&](const json& v, const std::string& p) { m.ipv4 = read_family(v, p, unknown); }},
                    {"ipv6", [&](const json& v, const std::string& p) { m.ipv6 = read_family(v, p, unknown); }}});
  return m;
}

CertificateResponse decode_certificate_response(std::string_view text, UnknownFields unknown) {
  json j = parse_body(text);
  CertificateResponse m;
  read_http_object(
      j, "", unknown,
      {{"tls_name", [&](const json& v, const std::string& p) { m.tls_name = read_string(v, p, kUnlimited); }},
       {"certificate", [&](const json& v, const std::string& p) { m.certificate = read_string(v, p, kUnlimited); }},
       {"ca_certificate",
        [&](const json& v, const std::string& p) { m.ca_certificate = read_string(v, p, kUnlimited); }},
       {"serial", [&](const json& v, const std::string& p) { m.serial = read_string(v, p, kUnlimited); }},
       {"not_before", [&](const json& v, const std::string& p) { m.not_before = required_timestamp(v, p); }},
       {"not_after", [&](const json& v, const std::string& p) { m.not_after = required_timestamp(v, p); }}});
  return m;
}

std::string to_json(const GetConfigRequest& m) {
  json j = json::object();
  put_string(j, "monId", m.mon_id);
  return dump(j);
}

std::string to_json(const GetServersRequest& m) {
  json j = json::object();
  put_string(j, "monId", m.mon_id);
  return dump(j);
}

std::string to_json(const GetConfigResponse& m) { return dump(config_json(m)); }

std::string to_json(const GetServersResponse& m) {
  json j = json::object();
  put_bytes(j, "batchId", m.batch_id);
  if (m.config) j["config"] = config_json(*m.config);
  if (!m.servers.empty()) {
    json servers = json::array();
    for (const auto& s : m.servers) {
      json e = json::object();
      put_bytes(e, "testId", s.test_id);
      put_bytes(e, "ticket", s.ticket);
      put_bytes(e, "ipBytes", s.ip_bytes);
      if (s.trace) e["trace"] = true;
      servers.push_back(std::move(e));
    }
    j["servers"] = std::move(servers);
  }
  return dump(j);
}

std::string to_json(const SubmitResultsRequest& m) {
  json j = json::object();
  if (m.version != 0) j["version"] = m.version;
  put_string(j, "monId", m.mon_id);
  if (!m.list.empty()) {
    json list = json::array();
    for (const auto& s : m.list) {
      json e = json::object();
      put_bytes(e, "testId", s.test_id);
      put_bytes(e, "ticket", s.ticket);
      put_bytes(e, "ipBytes", s.ip_bytes);
      put_string(e, "error", s.error);
      if (s.no_response) e["noResponse"] = true;
      if (s.ts) e["ts"] = format_timestamp(*s.ts);
      if (s.offset) e["offset"] = format_duration(*s.offset);
      if (s.rtt) e["rtt"] = format_duration(*s.rtt);
      if (s.stratum != 0) e["stratum"] = s.stratum;
      if (s.leap != 0) e["leap"] = s.leap;
      list.push_back(std::move(e));
    }
    j["list"] = std::move(list);
  }
  put_bytes(j, "batchId", m.batch_id);
  return dump(j);
}

std::string to_json(const SubmitResultsResponse& m) {
  json j = json::object();
  if (m.ok) j["ok"] = true;
  return dump(j);
}

std::string to_json(const RegistrationResponse& m) {
  json j = json::object();
  j["URL"] = m.url;
  j["Status"] = m.status;
  if (!m.api_token.empty()) j["APIToken"] = m.api_token;
  return dump(j);
}

std::string to_json(const MonitorStatusConfig& m) {
  return dump(json{{"name", m.name}, {"tls_name", m.tls_name}, {"ipv4", family_json(m.ipv4)}, {"ipv6", family_json(m.ipv6)}});
}

std::string to_json(const CertificateRequestBody& m) { return dump(json{{"csr", m.csr}}); }

std::string to_json(const CertificateResponse& m) {
  return dump(json{{"tls_name", m.tls_name},
                   {"certificate", m.certificate},
                   {"ca_certificate", m.ca_certificate},
                   {"serial", m.serial},
                   {"not_before", format_timestamp(m.not_before)},
                   {"not_after", format_timestamp(m.not_after)}});
}

}  // namespace ntpmon::api
