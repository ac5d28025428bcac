#include "web_http.h"

#include <strings.h>

#include "cache_policy.h"
#include "json_text.h"

namespace ntpmon::web {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

void WebResponse::set_header(std::string_view name, std::string_view value) {
  for (auto& [n, v] : headers) {
    if (same_name(n, name)) {
      v = std::string(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::string(value));
}

std::string WebResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (same_name(n, name)) return v;
  }
  return {};
}

WebResponse json_error(int status, std::string_view message) {
  return {status, std::string(kJsonType), {{"Cache-Control", std::string(cache::kError)}}, json_error_body(message)};
}

WebResponse text_error(int status, std::string_view text, bool exact) {
  std::string body(text);
  if (!exact) body.push_back('\n');
  return {status, std::string(kTextType), {{"Cache-Control", std::string(cache::kError)}}, std::move(body)};
}

WebResponse redirect(int status, std::string location, std::string_view cache_control) {
  WebResponse r;
  r.status = status;
  r.headers.emplace_back("Location", std::move(location));
  r.headers.emplace_back("Cache-Control", std::string(cache_control.empty() ? cache::kError : cache_control));
  return r;
}

WebResponse ok(std::string_view content_type, std::string body, std::string_view cache_control) {
  return {200, std::string(content_type), {{"Cache-Control", std::string(cache_control)}}, std::move(body)};
}

}  // namespace ntpmon::web
