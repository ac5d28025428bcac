#pragma once
// The ticket keys monitor-api signs and verifies with, re-read when the key file changes
// (after `monitor-admin tickets rotate`), so a rotation needs no restart. Thread-safe.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "api/ticket.h"
#include "file_stamp.h"
#include "log/logger.h"

namespace ntpmon::monitor_api {

class TicketStore {
 public:
  // Reads `path`; creates it with one new key (mode 0600) when it does not exist. Throws
  // api::TicketKeyFileError / pki::PkiError naming the file when it cannot be used.
  TicketStore(std::filesystem::path path, log::Logger logger);
  // Fixed keys, no file (tests, the benchmark).
  explicit TicketStore(api::TicketKeyRing ring);

  std::shared_ptr<const api::TicketKeyRing> keys() const;

  // Re-reads the file when it changed; on an error the previous keys stay (logged).
  void reload_if_changed();

 private:
  std::filesystem::path path_;
  log::Logger logger_;
  mutable std::mutex mutex_;
  std::shared_ptr<const api::TicketKeyRing> ring_;
  std::optional<FileStamp> stamp_;
};

}  // namespace ntpmon::monitor_api
