#pragma once
// Whether a file changed since it was last read (modification time and size), for the
// certificate and ticket-key reloads.

#include <filesystem>
#include <optional>

namespace ntpmon::monitor_api {

struct FileStamp {
  std::filesystem::file_time_type modified{};
  std::uintmax_t size = 0;
  bool operator==(const FileStamp&) const = default;
};

// nullopt when the file cannot be examined (missing, no permission).
std::optional<FileStamp> stamp_of(const std::filesystem::path& path);

}  // namespace ntpmon::monitor_api
