#include "http_types.h"

namespace ntpmon::monitor_api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ApiRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (equals_ignore_case(n, name)) return v;
  }
  return {};
}

bool ApiRequest::has_header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (equals_ignore_case(n, name)) return true;
  }
  return false;
}

ApiResponse json_response(std::string body, int status) {
  return ApiResponse{status, std::string(kJsonType), std::move(body), {}};
}

ApiResponse text_response(std::string body, int status) {
  return ApiResponse{status, std::string(kTextType), std::move(body), {}};
}

ApiResponse error_response(const api::ApiError& error) {
  return ApiResponse{error.status(), std::string(kJsonType), api::error_json(error), {}};
}

std::optional<NameValues> parse_form(std::string_view text) {
  NameValues out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t amp = text.find('&', start);
    std::string_view pair = text.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      auto name = url_decode(pair.substr(0, eq));
      auto value = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      if (!name || !value) return std::nullopt;
      out.emplace_back(std::move(*name), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

std::optional<std::string> form_value(const NameValues& values, std::string_view name) {
  for (const auto& [n, v] : values) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(const ApiRequest& request) {
  std::string value = request.header("Authorization");
  std::string_view v = trim(value);
  constexpr std::string_view kScheme = "bearer";
  if (v.size() <= kScheme.size() || !equals_ignore_case(v.substr(0, kScheme.size()), kScheme) ||
      (v[kScheme.size()] != ' ' && v[kScheme.size()] != '\t')) {
    return std::nullopt;
  }
  std::string_view token = trim(v.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  return std::string(token);
}

bool content_type_is(std::string_view header_value, std::string_view type) {
  std::string_view v = header_value.substr(0, header_value.find(';'));
  return equals_ignore_case(trim(v), type);
}

}  // namespace ntpmon::monitor_api
