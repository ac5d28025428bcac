#include "state/state_data.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace ntpmon::agent {
namespace {

using Json = nlohmann::json;

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t len;
  std::uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::string indent(int level) { return std::string(static_cast<std::size_t>(level) * 2, ' '); }

std::string ip_json(const std::optional<std::string>& ip) { return ip ? go_json_string(*ip) : "null"; }

void append_family_pretty(std::string& out, const char* key, const FamilyState& f, bool comma) {
  out += indent(2) + "\"" + key + "\": {\n";
  out += indent(3) + "\"Status\": " + go_json_string(f.status) + ",\n";
  out += indent(3) + "\"IP\": " + ip_json(f.ip) + "\n";
  out += indent(2) + "}" + (comma ? ",\n" : "\n");
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The member of `object` named `key`: an exact match first, else a case-insensitive one (as
// Go's encoding/json matches).
const Json* member(const Json& object, std::string_view key) {
  if (auto it = object.find(std::string(key)); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), key)) return &*it;
  }
  return nullptr;
}

void read_string(const Json& object, std::string_view key, const std::string& path, std::string& into) {
  const Json* v = member(object, key);
  if (v == nullptr) return;
  if (v->is_null()) return;  // Go leaves the field unchanged for null
  if (!v->is_string()) throw StateParseError("state file: " + path + " must be a string");
  into = v->get<std::string>();
}

const Json* read_object(const Json& object, std::string_view key, const std::string& path) {
  const Json* v = member(object, key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object()) throw StateParseError("state file: " + path + " must be an object");
  return v;
}

void read_family(const Json& data, std::string_view key, FamilyState& into) {
  const std::string path = "Data." + std::string(key);
  const Json* f = read_object(data, key, path);
  if (f == nullptr) return;
  read_string(*f, "Status", path + ".Status", into.status);
  if (const Json* ip = member(*f, "IP")) {
    if (ip->is_null()) {
      into.ip.reset();
    } else if (ip->is_string()) {
      into.ip = ip->get<std::string>();
    } else {
      throw StateParseError("state file: " + path + ".IP must be a string or null");
    }
  }
}

}  // namespace

std::string go_json_string(std::string_view text) {
  std::string out = "\"";
  char buf[8];
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '<':
        case '>':
        case '&':
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
          break;
        default:
          if (c < 0x20) {
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const std::string_view seq = text.substr(i, len);
    if (seq == "\xE2\x80\xA8") {
      out += "\\u2028";
    } else if (seq == "\xE2\x80\xA9") {
      out += "\\u2029";
    } else {
      out += seq;
    }
    i += len;
  }
  out += '"';
  return out;
}

std::string encode_state_file(const StateFile& state) {
  std::string out = "{\n";
  out += indent(1) + "\"API\": {\n";
  out += indent(2) + "\"APIKey\": " + go_json_string(state.api_key) + "\n";
  out += indent(1) + "},\n";
  out += indent(1) + "\"Data\": {\n";
  out += indent(2) + "\"Name\": " + go_json_string(state.data.name) + ",\n";
  out += indent(2) + "\"TLSName\": " + go_json_string(state.data.tls_name) + ",\n";
  append_family_pretty(out, "IPv4", state.data.ipv4, true);
  append_family_pretty(out, "IPv6", state.data.ipv6, true);
  out += indent(2) + "\"OtlpLogLevel\": " + go_json_string(state.data.otlp_log_level) + "\n";
  out += indent(1) + "},\n";
  out += indent(1) + "\"DataSha\": " + go_json_string(state.data_sha) + "\n";
  out += "}";
  return out;
}

void merge_state_file(std::string_view text, StateFile& into) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    throw StateParseError(std::string("state file is not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw StateParseError("state file must hold a JSON object");
  StateFile merged = into;
  if (const Json* api = read_object(doc, "API", "API")) read_string(*api, "APIKey", "API.APIKey", merged.api_key);
  if (const Json* data = read_object(doc, "Data", "Data")) {
    read_string(*data, "Name", "Data.Name", merged.data.name);
    read_string(*data, "TLSName", "Data.TLSName", merged.data.tls_name);
    read_family(*data, "IPv4", merged.data.ipv4);
    read_family(*data, "IPv6", merged.data.ipv6);
    read_string(*data, "OtlpLogLevel", "Data.OtlpLogLevel", merged.data.otlp_log_level);
  }
  read_string(doc, "DataSha", "DataSha", merged.data_sha);
  into = std::move(merged);
}

std::string canonical_data_json(const StateDataPart& d) {
  const auto family = [](const FamilyState& f) {
    return "{\"Status\":" + go_json_string(f.status) + ",\"IP\":" + ip_json(f.ip) + "}";
  };
  return "{\"Name\":" + go_json_string(d.name) + ",\"TLSName\":" + go_json_string(d.tls_name) +
         ",\"IPv4\":" + family(d.ipv4) + ",\"IPv6\":" + family(d.ipv6) +
         ",\"OtlpLogLevel\":" + go_json_string(d.otlp_log_level) + "}";
}

std::string data_sha(const StateDataPart& data) {
  const std::string json = canonical_data_json(data);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(json.data(), json.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace ntpmon::agent
