#pragma once
// The messages of the agent <-> monitor-api protocol, as plain structs.
//
// RPCs (Connect unary, JSON codec): package monitor.v2, service MonitorService, field names of
// spec/api.md §4.2; `bytes` fields hold raw bytes (base64 on the wire). The HTTP API of the
// same server (registration, the config endpoint, certificates, spec/api.md §8) has JSON
// bodies of its own, below. json_codec.h converts both to and from JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/proto_json.h"

namespace ntpmon::api {

// ---- monitor.v2 RPC messages ----

struct GetConfigRequest {
  std::string mon_id;  // the monitor's IP of this family ("" = any row of the identity)
  bool operator==(const GetConfigRequest&) const = default;
};

struct GetServersRequest {
  std::string mon_id;
  bool operator==(const GetServersRequest&) const = default;
};

struct GetConfigResponse {
  std::int32_t samples = 0;               // 0: the agent uses 3
  std::string ip_bytes;                   // the monitor's IP, 4 or 16 bytes
  std::string ip_nat_bytes;               // local bind address, or empty
  std::vector<std::string> base_checks;   // host names / IPs for the local clock check
  std::string otlp_log_level;             // "", debug, info, warn, error
  bool operator==(const GetConfigResponse&) const = default;
};

struct Server {
  std::string test_id;   // never set
  std::string ticket;    // opaque, echoed in ServerStatus.ticket
  std::string ip_bytes;  // 4 or 16 bytes
  bool trace = false;    // never set
  bool operator==(const Server&) const = default;
};

struct GetServersResponse {
  std::string batch_id;  // the ULID text as bytes
  std::optional<GetConfigResponse> config;
  std::vector<Server> servers;
  bool operator==(const GetServersResponse&) const = default;
};

struct ServerStatus {
  std::string test_id;
  std::string ticket;
  std::string ip_bytes;
  std::string error;
  bool no_response = false;
  std::optional<Timestamp> ts;
  std::optional<Duration> offset;
  std::optional<Duration> rtt;
  std::int32_t stratum = 0;
  std::int32_t leap = 0;
  bool operator==(const ServerStatus&) const = default;
};

struct SubmitResultsRequest {
  std::int32_t version = 0;  // the agent sends 4; 2..4 accepted
  std::string mon_id;
  std::vector<ServerStatus> list;
  std::string batch_id;  // GetServersResponse.batch_id
  bool operator==(const SubmitResultsRequest&) const = default;
};

struct SubmitResultsResponse {
  bool ok = false;
  bool operator==(const SubmitResultsResponse&) const = default;
};

// ---- HTTP API messages (spec/api.md §8, as this project serves them) ----

// POST /monitor/api/registration answer (JSON keys "URL", "Status", "APIToken").
struct RegistrationResponse {
  std::string url;
  std::string status;     // "pending", "accepted", "completed"
  std::string api_token;  // only with "accepted", exactly once
  bool operator==(const RegistrationResponse&) const = default;
};

struct FamilyStatus {
  std::string status;  // a monitors.status value; "" when the family is not configured
  std::string ip;      // "" when the family is not configured
  bool operator==(const FamilyStatus&) const = default;
};

// GET /monitor/api/config answer (keys "name", "tls_name", "ipv4", "ipv6").
struct MonitorStatusConfig {
  std::string name;      // display name: the first label of tls_name
  std::string tls_name;  // the identity the certificate names
  FamilyStatus ipv4;
  FamilyStatus ipv6;
  bool operator==(const MonitorStatusConfig&) const = default;
};

// POST /monitor/api/certificate body: {"csr": "<PEM CERTIFICATE REQUEST>"}.
struct CertificateRequestBody {
  std::string csr;
  bool operator==(const CertificateRequestBody&) const = default;
};

// POST /monitor/api/certificate answer.
struct CertificateResponse {
  std::string tls_name;
  std::string certificate;     // PEM, the leaf ("certificate")
  std::string ca_certificate;  // PEM, the CA that signed it: the bundle to trust ("ca_certificate")
  std::string serial;          // lower-case hex
  Timestamp not_before;
  Timestamp not_after;
  bool operator==(const CertificateResponse&) const = default;
};

}  // namespace ntpmon::api
