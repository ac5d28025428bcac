#pragma once
// Reading and atomically replacing the small files the PKI keeps (keys, certificates).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace ntpmon::pki {

inline constexpr std::size_t kMaxPemFileBytes = 1 << 20;  // 1 MiB: far above any real PEM file

// Reads a whole file. Throws PkiFileNotFound when it does not exist, PkiError (naming the
// path and the system error) when it cannot be read or is larger than max_bytes.
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxPemFileBytes);

// Replaces `path` atomically with `contents`: a temporary file in the same directory created
// with `mode`, written, fsync'd, renamed over `path`, then the directory fsync'd. Readers see
// either the old or the new file, never a partial one. Throws PkiError naming the path (for
// example when the directory does not exist); the temporary file is removed on failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view contents,
                       unsigned mode);

inline constexpr unsigned kPrivateKeyFileMode = 0600;
inline constexpr unsigned kCertificateFileMode = 0644;

}  // namespace ntpmon::pki
