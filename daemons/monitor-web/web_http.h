#pragma once
// A request and a response as the handlers see them, independent of the HTTP library.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntpmon::web {

struct WebRequest {
  std::string method;       // "GET", "HEAD", "POST", ...
  std::string target_path;  // the request target before '?', still percent-encoded
  std::string raw_query;    // after '?', without it ("" when none)
  std::string remote_addr;  // the peer's address
};

struct WebResponse {
  int status = 200;
  std::string content_type;  // empty for a response without body
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;

  // Sets (replaces) a header.
  void set_header(std::string_view name, std::string_view value);
  // The value of a header, or "" when absent.
  std::string header(std::string_view name) const;
};

// Content types.
inline constexpr std::string_view kCsvType = "text/plain";  // not text/csv: browsers display it (§1.3.5)
inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kTextType = "text/plain; charset=UTF-8";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";
inline constexpr std::string_view kSvgType = "image/svg+xml";

// {"message":...}\n with the error Cache-Control (§1.3.7).
WebResponse json_error(int status, std::string_view message);
// A text/plain error body (followed by "\n" unless `exact`), error Cache-Control.
WebResponse text_error(int status, std::string_view text, bool exact = false);
// A redirect with the error Cache-Control unless `cache_control` is given.
WebResponse redirect(int status, std::string location, std::string_view cache_control = {});
// 200 with a body.
WebResponse ok(std::string_view content_type, std::string body, std::string_view cache_control);

}  // namespace ntpmon::web
