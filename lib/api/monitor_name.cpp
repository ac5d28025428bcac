#include "api/monitor_name.h"

#include <vector>

namespace ntpmon::api {
namespace {

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string_view> labels(std::string_view name) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    auto dot = name.find('.', start);
    out.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

}  // namespace

bool is_valid_monitor_name(std::string_view name, std::string_view domain) {
  if (domain.empty() || name.size() > 253 || name.find('*') != std::string_view::npos) return false;
  if (name.size() <= domain.size() + 1) return false;
  if (name.substr(name.size() - domain.size()) != domain || name[name.size() - domain.size() - 1] != '.') return false;
  auto all = labels(name);
  auto domain_labels = labels(domain);
  if (all.size() != domain_labels.size() + 2) return false;
  for (auto label : all) {
    if (!valid_label(label)) return false;
  }
  return true;
}

std::string display_name(std::string_view tls_name) {
  return std::string(tls_name.substr(0, tls_name.find('.')));
}

std::optional<std::string> make_tls_name(std::string_view location, int n, std::string_view account_token,
                                         std::string_view env, std::string_view domain) {
  std::string name = std::string(location) + std::to_string(n) + "-" + std::string(account_token) + "." +
                     std::string(env) + "." + std::string(domain);
  if (!is_valid_monitor_name(name, domain)) return std::nullopt;
  return name;
}

}  // namespace ntpmon::api
