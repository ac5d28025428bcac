#pragma once
// Where the monitor-api endpoints live and the request limits both sides know.

#include <cstddef>

namespace ntpmon::api {

// Connect unary RPCs (mTLS): POST, Content-Type application/json.
inline constexpr const char* kGetConfigPath = "/monitor.v2.MonitorService/GetConfig";
inline constexpr const char* kGetServersPath = "/monitor.v2.MonitorService/GetServers";
inline constexpr const char* kSubmitResultsPath = "/monitor.v2.MonitorService/SubmitResults";

// HTTP API (API key as "Authorization: Bearer <key>"; no client certificate needed).
inline constexpr const char* kRegistrationPath = "/monitor/api/registration";  // POST form
inline constexpr const char* kConfigPath = "/monitor/api/config";              // GET
inline constexpr const char* kCertificatePath = "/monitor/api/certificate";    // POST JSON {"csr": PEM}
// Where the registration URL points (GET, text/plain instructions for the operator).
inline constexpr const char* kRegistrationPagePrefix = "/monitor/registration/";

inline constexpr const char* kRegistrationIdHeader = "Registration-ID";
inline constexpr const char* kConnectProtocolVersionHeader = "Connect-Protocol-Version";
inline constexpr const char* kJsonContentType = "application/json";

// Larger request bodies are refused with HTTP 413 without being buffered.
inline constexpr std::size_t kMaxRequestBodyBytes = 1 << 20;

}  // namespace ntpmon::api
