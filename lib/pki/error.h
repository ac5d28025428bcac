#pragma once
// Errors of the PKI library. The message names what failed (and the file, when there is
// one) and, when OpenSSL reported something, ends with OpenSSL's error queue text.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace ntpmon::pki {

class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file the operation needs does not exist (the agent tells "no certificate yet" apart from
// "certificate unreadable" by this type).
class PkiFileNotFound : public PkiError {
 public:
  PkiFileNotFound(std::filesystem::path path, const std::string& message)
      : PkiError(message), path_(std::move(path)) {}
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ntpmon::pki
