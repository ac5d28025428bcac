#pragma once
// The ticket key file of monitor-api: JSON, mode 0600, written atomically.
//
//   {"keys": [{"id": 2, "created": "2026-03-01T10:00:00Z", "secret": "<base64 of 32 bytes>"},
//             {"id": 1, "created": "2026-02-01T10:00:00Z", "secret": "..."}]}
//
// The newest key signs; all listed keys verify. `monitor-admin tickets rotate` adds a key and
// drops those superseded more than the grace period ago (keep it at least twice the ticket
// lifetime so tickets handed out just before a rotation stay valid).

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "api/ticket.h"

namespace ntpmon::api {

class TicketKeyFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the file's text; errors name `origin` (the path).
TicketKeyRing parse_ticket_key_file(std::string_view text, const std::string& origin);
std::string format_ticket_key_file(const TicketKeyRing& ring);

// Reads and parses the file. Refuses a file that group or others may read or write (it holds
// secrets). Throws TicketKeyFileError naming the path; pki::PkiFileNotFound when it is missing.
TicketKeyRing read_ticket_key_file(const std::filesystem::path& path);
// Replaces the file atomically with mode 0600.
void write_ticket_key_file(const std::filesystem::path& path, const TicketKeyRing& ring);

}  // namespace ntpmon::api
