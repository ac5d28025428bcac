#include "api/ticket_key_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "api/proto_json.h"
#include "pki/file_io.h"

namespace ntpmon::api {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& problem) {
  throw TicketKeyFileError("ticket key file " + origin + ": " + problem);
}

}  // namespace

TicketKeyRing parse_ticket_key_file(std::string_view text, const std::string& origin) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) fail(origin, "not valid JSON");
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) fail(origin, "expected {\"keys\": [...]}");
  std::vector<TicketKey> keys;
  std::size_t index = 0;
  for (const auto& entry : doc["keys"]) {
    std::string where = "keys[" + std::to_string(index++) + "]";
    if (!entry.is_object()) fail(origin, where + " is not an object");
    TicketKey key;
    auto id = entry.find("id");
    if (id == entry.end() || !id->is_number_unsigned() || id->get<std::uint64_t>() < 1 || id->get<std::uint64_t>() > 255) {
      fail(origin, where + ".id must be an integer 1..255");
    }
    key.id = static_cast<std::uint8_t>(id->get<std::uint64_t>());
    auto secret = entry.find("secret");
    if (secret == entry.end() || !secret->is_string()) fail(origin, where + ".secret is missing");
    std::string bytes;
    try {
      bytes = base64_decode(secret->get<std::string>());
    } catch (const std::invalid_argument& e) {
      fail(origin, where + ".secret is not base64: " + e.what());
    }
    if (bytes.size() != kTicketSecretBytes) {
      fail(origin, where + ".secret has " + std::to_string(bytes.size()) + " bytes; it must have 32");
    }
    std::memcpy(key.secret.data(), bytes.data(), bytes.size());
    auto created = entry.find("created");
    if (created == entry.end() || !created->is_string()) fail(origin, where + ".created is missing");
    try {
      key.created = std::chrono::sys_seconds(std::chrono::seconds(parse_timestamp(created->get<std::string>()).seconds));
    } catch (const std::invalid_argument& e) {
      fail(origin, where + ".created is not an RFC 3339 time: " + e.what());
    }
    keys.push_back(key);
  }
  try {
    return TicketKeyRing(std::move(keys));
  } catch (const std::invalid_argument& e) {
    fail(origin, e.what());
  }
}

std::string format_ticket_key_file(const TicketKeyRing& ring) {
  json keys = json::array();
  for (const auto& k : ring.keys()) {
    keys.push_back(json{{"id", k.id},
                        {"created", format_timestamp({k.created.time_since_epoch().count(), 0})},
                        {"secret", base64_encode(std::string_view(reinterpret_cast<const char*>(k.secret.data()),
                                                                  k.secret.size()))}});
  }
  return json{{"keys", keys}}.dump(2) + "\n";
}

TicketKeyRing read_ticket_key_file(const std::filesystem::path& path) {
  std::string text = pki::read_file(path, 1 << 20);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail(path.string(), std::strerror(errno));
  if ((st.st_mode & 077) != 0) {
    fail(path.string(), "group or others may access it; it holds secrets (chmod 600 it)");
  }
  return parse_ticket_key_file(text, path.string());
}

void write_ticket_key_file(const std::filesystem::path& path, const TicketKeyRing& ring) {
  pki::write_file_atomic(path, format_ticket_key_file(ring), pki::kPrivateKeyFileMode);
}

}  // namespace ntpmon::api
