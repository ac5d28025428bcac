// Bad input (issue 5 acceptance): 10,000 malformed requests to each endpoint (one test per
// endpoint, so that they run in parallel) - truncated JSON, wrong types, huge numbers, NaN,
// unknown fields, very long strings, bodies over the 1 MiB limit (up to 2 MiB), 1,000 results,
// random bytes, deep nesting, broken forms and queries. Every answer is a 4xx with a Connect
// JSON error, the server keeps serving, and the database is unchanged.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "api/json_codec.h"
#include "api/paths.h"
#include "api/proto_json.h"
#include "api/ulid.h"
#include "api_key.h"
#include "api_test_env.h"
#include "pki/csr.h"

namespace ntpmon::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono;

constexpr int kRequestsPerEndpoint = 10'000;
constexpr const char* kRaw = "@@RAW@@";

enum class Kind { string, bytes, int32, boolean, timestamp, duration, list, object };

// Invalid values for a field of each kind (numeric strings are valid int32, null is "unset").
std::vector<json> wrong_values(Kind kind) {
  switch (kind) {
    case Kind::string: return {123, true, json::array(), json::object(), 1.5};
    case Kind::bytes: return {123, "not base64 !", json::array({1}), false, "a"};
    case Kind::int32: return {"abc", true, json::array(), json::object(), 1.5, "1e3", "99999999999"};
    case Kind::boolean: return {1, "true", json::array(), json::object(), 0.0};
    case Kind::timestamp: return {123, "soon", "2026-13-01T00:00:00Z", json::array(), true};
    case Kind::duration: return {0.5, "5", "1h", json::array(), "s"};
    case Kind::list: return {json::object(), "x", 1, true};
    case Kind::object: return {"x", 1, json::array(), false};
  }
  return {};
}

const std::map<std::string, Kind> kSubmitTop{{"version", Kind::int32}, {"monId", Kind::string},
                                             {"batchId", Kind::bytes}, {"list", Kind::list}};
const std::map<std::string, Kind> kStatusFields{
    {"ticket", Kind::bytes},    {"ipBytes", Kind::bytes},     {"error", Kind::string}, {"noResponse", Kind::boolean},
    {"ts", Kind::timestamp},    {"offset", Kind::duration},   {"rtt", Kind::duration}, {"stratum", Kind::int32},
    {"leap", Kind::int32},      {"testId", Kind::bytes}};

struct Case {
  std::string method = "POST";
  std::string path;
  std::string body;
  std::string content_type = "application/json";
  Headers headers;
};

class Mutator {
 public:
  explicit Mutator(std::uint32_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  // Printable ASCII (header values must not break the HTTP framing).
  std::string random_printable(std::size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(0x21 + pick(0x7e - 0x21));
    return s;
  }

  std::string random_bytes(std::size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(pick(256));
    return s;
  }

  // A body over the 1 MiB limit: just over it, or up to 2 MiB. Built as text (no JSON
  // object copies), so that a few hundred of them stay cheap for the test itself.
  std::string oversized(const json& base, const std::string& field) {
    json j = base;
    j[field] = kRaw;
    std::size_t n = pick(2) == 0 ? (1u << 20) + pick(64) : (2u << 20) + pick(1000);
    std::string filler;
    filler.reserve(n + 2);
    filler += '"';
    filler.append(n, 'a');
    filler += '"';
    return replace_raw(j.dump(), filler);
  }

  // A malformed variant of a valid JSON message. `fields` names the top-level fields and
  // their kinds; `elements` (optional) those of the objects in the array field `list`.
  // Expensive shapes (oversized bodies, 1,000 results, long strings) are a few percent of
  // the mix; the rest are cheap, so that 10,000 requests per endpoint run in seconds.
  std::string mutate_json(const json& base, const std::map<std::string, Kind>& fields,
                          const std::map<std::string, Kind>* elements) {
    const std::size_t roll = pick(100);
    if (roll == 0) return oversized(base, fields.begin()->first);
    if (roll == 1) {  // far too many results (or a huge unknown array)
      json j = base;
      json list = json::array();
      for (int i = 0; i < 1000; ++i) list.push_back(elements != nullptr && !base["list"].empty() ? base["list"][0] : json(i));
      j[elements != nullptr ? "list" : "tooMany"] = std::move(list);
      return j.dump();
    }
    if (roll < 6) {  // very long strings where lengths are limited
      json j = base;
      std::size_t n = 1000 + pick(200'000);
      if (elements != nullptr && !j["list"].empty() && pick(2) == 0) {
        static const char* const kLong[] = {"error", "ticket", "ipBytes", "testId"};
        std::string key = kLong[pick(4)];
        j["list"][0][key] = key == "error" ? std::string(n, 'e') : api::base64_encode(std::string(n, 'x'));
      } else if (fields.count("batchId") != 0 && pick(2) == 0) {
        j["batchId"] = api::base64_encode(std::string(n, '0'));
      } else {
        j[fields.begin()->first == "csr" ? "csr" : "monId"] = std::string(n, '1');
      }
      return j.dump();
    }
    switch (pick(9)) {
      case 0: {  // truncated
        std::string text = base.dump();
        return text.substr(0, pick(text.size()));
      }
      case 1:
      case 2: {  // wrong type
        json j = base;
        json* target = &j;
        const std::map<std::string, Kind>* names = &fields;
        if (elements != nullptr && !j["list"].empty() && pick(2) == 0) {
          target = &j["list"][pick(j["list"].size())];
          names = elements;
        }
        auto it = std::next(names->begin(), static_cast<long>(pick(names->size())));
        auto values = wrong_values(it->second);
        (*target)[it->first] = values[pick(values.size())];
        return j.dump();
      }
      case 3: {  // huge or non-finite numbers as raw JSON text
        json j = base;
        const std::map<std::string, Kind>* names = &fields;
        json* target = &j;
        if (elements != nullptr && !j["list"].empty()) {
          target = &j["list"][0];
          names = elements;
        }
        std::string key = names->begin()->first;
        for (const auto& [k, kind] : *names) {
          if (kind == Kind::int32) key = k;
        }
        (*target)[key] = kRaw;
        static const char* const kNumbers[] = {"1e400", "-1e400", "99999999999999999999", "-2147483649", "2147483648",
                                               "NaN", "Infinity", "-Infinity", "0x10", "1.", "+1", "01"};
        return replace_raw(j.dump(), kNumbers[pick(std::size(kNumbers))]);
      }
      case 4: {  // unknown fields
        json j = base;
        if (elements != nullptr && !j["list"].empty() && pick(2) == 0) {
          j["list"][0]["bogus" + std::to_string(pick(100))] = 1;
        } else {
          j["unknownField" + std::to_string(pick(100))] = json::array({1, 2});
        }
        return j.dump();
      }
      case 5:  // random bytes
        return random_bytes(1 + pick(300));
      case 6: {  // deep nesting
        std::size_t depth = 17 + pick(5000);
        return std::string(depth, '[') + std::string(depth, ']');
      }
      default: {  // not an object at all
        static const char* const kShapes[] = {"[]", "null", "\"text\"", "42", "true", "{", "}", "{\"a\":}", "{,}", ""};
        return kShapes[pick(std::size(kShapes))];
      }
    }
  }

 private:
  static std::string replace_raw(std::string text, const std::string& raw) {
    std::string quoted = std::string("\"") + kRaw + "\"";
    auto pos = text.find(quoted);
    if (pos != std::string::npos) text.replace(pos, quoted.size(), raw);
    return text;
  }

  std::mt19937 rng_;
};

enum class Endpoint { get_config, get_servers, submit_results, certificate, registration, config };

std::string endpoint_name(Endpoint e) {
  switch (e) {
    case Endpoint::get_config: return "GetConfig";
    case Endpoint::get_servers: return "GetServers";
    case Endpoint::submit_results: return "SubmitResults";
    case Endpoint::certificate: return "Certificate";
    case Endpoint::registration: return "Registration";
    case Endpoint::config: return "Config";
  }
  return "unknown";
}

void PrintTo(Endpoint e, std::ostream* os) { *os << endpoint_name(e); }

// A monitor with a server pair, an API key and a certificate, so that every request gets
// past authentication and is judged on its content.
class ApiFuzz : public ::testing::TestWithParam<Endpoint> {
 protected:
  ApiFuzz() : env_("api_fuzz"), agent_(env_.agent("defra1-abc.test.mon.ntppool.dev")) {
    auto account = env_.add_account("abc");
    monitor_ = env_.add_monitor("defra1-abc.test.mon.ntppool.dev", "127.0.0.1", "v4", "active", account);
    env_.add_system_defaults("v4", R"({"base_checks":["time.example.org"]})");
    auto server = env_.add_server("192.0.2.1");
    env_.add_pair(monitor_, server, 10);
    key_ = monitor_api::generate_api_key();
    env_.sql() << "INSERT INTO api_keys (account_id, audience, token_lookup, token_hashed, created_on) "
                  "VALUES (:a, 'monitor-api', :l, :h, NOW())",
        soci::use(account), soci::use(key_.lookup), soci::use(key_.hash);
    long long key_id = 0;
    env_.sql() << "SELECT LAST_INSERT_ID()", soci::into(key_id);
    env_.sql() << "INSERT INTO api_keys_monitors (api_key_id, monitor_id) VALUES (:k, :m)", soci::use(key_id),
        soci::use(monitor_);

    // A valid submission to mutate: a fresh batch id with real tickets, never submitted.
    const std::string batch = api::Ulid::generate().to_string();
    auto keys = env_.ticket_keys();
    auto expires = floor<seconds>(system_clock::now()) + hours(1);
    json status{{"ticket", api::base64_encode(api::sign_ticket(keys.current(), {monitor_, batch, ip4_bytes("192.0.2.1")},
                                                              expires))},
                {"ipBytes", api::base64_encode(ip4_bytes("192.0.2.1"))},
                {"ts", api::format_timestamp({duration_cast<seconds>(system_clock::now().time_since_epoch()).count(), 0})},
                {"offset", "0.001s"},
                {"rtt", "0.010s"},
                {"stratum", 2}};
    submit_ = json{{"version", 4}, {"monId", "127.0.0.1"}, {"batchId", api::base64_encode(batch)}, {"list", json::array({status})}};
    csr_ = json{{"csr", pki::make_csr_pem(pki::PrivateKey::generate())}};
  }

  Case next_case(Endpoint endpoint, Mutator& m) {
    const Headers auth{{"Authorization", "Bearer " + key_.key}};
    switch (endpoint) {
      case Endpoint::get_config:
        return Case{"POST", api::kGetConfigPath, m.mutate_json(mon_id_, mon_id_fields_, nullptr), "application/json", {}};
      case Endpoint::get_servers:
        return Case{"POST", api::kGetServersPath, m.mutate_json(mon_id_, mon_id_fields_, nullptr), "application/json", {}};
      case Endpoint::submit_results:
        return Case{"POST", api::kSubmitResultsPath, m.mutate_json(submit_, kSubmitTop, &kStatusFields),
                    "application/json", {}};
      case Endpoint::certificate: {
        // Malformed JSON, or a CSR that is not one.
        Case c{"POST", api::kCertificatePath, m.mutate_json(csr_, csr_fields_, nullptr), "application/json", auth};
        if (m.pick(4) == 0) {
          static const char* const kCsrs[] = {"", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                                              "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "garbage"};
          c.body = json{{"csr", kCsrs[m.pick(std::size(kCsrs))]}}.dump();
        }
        return c;
      }
      case Endpoint::registration: {
        // Broken forms and headers (never a valid request).
        Case c{"POST", api::kRegistrationPath, "", "application/x-www-form-urlencoded",
               {{api::kRegistrationIdHeader, "01ARYZ6S41TSV4RRFFQ69G5FAV"}}};
        switch (m.pick(8)) {
          case 0: c.body = "hostname=%zz"; break;
          case 1: c.body = "hostname=a&bogus=1"; break;
          case 2: c.body = "hostname=" + std::string(256 + m.pick(5000), 'h'); break;
          case 3: c.body = "hostname=a%01b"; break;
          case 4: c.body = "a=no+such+token!"; break;
          case 5: c.body = "a=nosuchaccount" + std::to_string(m.pick(1000)); break;
          case 6: c.body = "zz=" + m.random_bytes(1 + m.pick(200)); break;
          default: c.body = "hostname=x"; c.content_type = "application/json"; break;
        }
        if (m.pick(100) == 0) {  // over the 1 MiB limit
          c.body = "hostname=";
          c.body.append((1u << 20) + m.pick(1u << 20), 'h');
        }
        if (m.pick(5) == 0) {
          c.headers = {{api::kRegistrationIdHeader, m.pick(2) ? std::string(200, 'r') : std::string("bad id!")}};
        }
        if (m.pick(10) == 0) c.headers.clear();
        return c;
      }
      case Endpoint::config: {
        // Bad queries with a valid key, or bad keys.
        static const char* const kQueries[] = {"?request_certificate=maybe", "?x=1", "?request_certificate=%zz",
                                               "?request_certificate=true&bogus", "?%", "?a=b&c=d"};
        Case c{"GET", std::string(api::kConfigPath) + kQueries[m.pick(std::size(kQueries))], "", "", auth};
        if (m.pick(3) == 0) {
          c.path = api::kConfigPath;
          c.headers = {{"Authorization", "Bearer " + (m.pick(2) ? key_.key.substr(0, key_.key.size() - 1) + "x"
                                                                 : m.random_printable(1 + m.pick(40)))}};
        }
        if (m.pick(10) == 0) {  // wrong methods and paths
          c = m.pick(2) ? Case{"GET", api::kSubmitResultsPath, "", "", {}}
                        : Case{"POST", "/no/such/path/" + std::to_string(m.pick(100)), "{}", "application/json", {}};
        }
        return c;
      }
    }
    return {};
  }

  ApiTestEnv env_;
  AgentIdentity agent_;
  std::uint32_t monitor_ = 0;
  monitor_api::NewApiKey key_;
  json submit_, csr_;
  const json mon_id_{{"monId", "127.0.0.1"}};
  const std::map<std::string, Kind> mon_id_fields_{{"monId", Kind::string}};
  const std::map<std::string, Kind> csr_fields_{{"csr", Kind::string}};
};

TEST_P(ApiFuzz, MalformedRequestsAreRefusedAndChangeNothing) {
  const Endpoint endpoint = GetParam();
  Mutator m(20260501u + static_cast<std::uint32_t>(endpoint));
  auto before = env_.fingerprint();
  auto client = env_.client(agent_.holder);  // presents a valid certificate everywhere
  std::map<int, int> by_status;
  int reconnects = 0;
  const auto started = steady_clock::now();
  for (int i = 0; i < kRequestsPerEndpoint; ++i) {
    Case c = next_case(endpoint, m);
    Reply r = client->request(c.method, c.path, c.body, c.content_type, c.headers);
    if (!r.transport_ok) {
      // A refused oversized body may close the connection; a new one must work.
      client = env_.client(agent_.holder);
      ++reconnects;
      r = client->request(c.method, c.path, c.body, c.content_type, c.headers);
    }
    ASSERT_TRUE(r.transport_ok) << c.path << ": " << r.transport_error;
    ++by_status[r.status];
    ASSERT_GE(r.status, 400) << c.path << " accepted: " << c.body.substr(0, 300);
    ASSERT_LT(r.status, 500) << c.path << " " << r.body << " for " << c.body.substr(0, 300);
    ASSERT_EQ(r.content_type, "application/json") << c.path << " " << r.body;
    auto error = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(error.is_object() && error["code"].is_string() && error["message"].is_string()) << c.path << " " << r.body;
  }
  std::cout << endpoint_name(endpoint) << ": " << kRequestsPerEndpoint << " malformed requests in "
            << duration_cast<milliseconds>(steady_clock::now() - started).count() << " ms, " << reconnects
            << " reconnects; statuses";
  for (const auto& [status, n] : by_status) std::cout << " " << status << "x" << n;
  std::cout << "\n";
  if (endpoint != Endpoint::config) {
    EXPECT_GT(by_status[413], 0) << "no oversized body was sent";
  }
  EXPECT_EQ(env_.fingerprint(), before) << "a refused request changed the database";

  // Still serving: a valid call works.
  auto ok = env_.client(agent_.holder)->post(api::kGetConfigPath, R"({"monId":"127.0.0.1"})");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

INSTANTIATE_TEST_SUITE_P(EveryEndpoint, ApiFuzz,
                         ::testing::Values(Endpoint::get_config, Endpoint::get_servers, Endpoint::submit_results,
                                           Endpoint::certificate, Endpoint::registration, Endpoint::config),
                         [](const ::testing::TestParamInfo<Endpoint>& info) { return endpoint_name(info.param); });

}  // namespace
}  // namespace ntpmon::test
