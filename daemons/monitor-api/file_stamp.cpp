#include "file_stamp.h"

namespace ntpmon::monitor_api {

std::optional<FileStamp> stamp_of(const std::filesystem::path& path) {
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  return FileStamp{modified, size};
}

}  // namespace ntpmon::monitor_api
