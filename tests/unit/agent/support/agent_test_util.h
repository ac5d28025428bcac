#pragma once
// Helpers of the agent tests: temporary directories, files, polling for a condition, test
// certificates with chosen validity dates, and a log sink to read.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "log/logger.h"
#include "log/sink.h"

namespace ntpmon::agent::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);
// Writes `<path>.tmp` and renames it over `path` (what an external tool or `setup` does).
void replace_atomically(const std::filesystem::path& path, const std::string& text);
unsigned file_mode(const std::filesystem::path& path);  // permission bits

// Polls `condition` every 5 ms until it holds or `limit` passes; true when it held.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

// A self-signed certificate (EC P-256) valid from now+not_before to now+not_after, and its key.
struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};
TestCertificate make_test_certificate(std::chrono::seconds not_before, std::chrono::seconds not_after,
                                      const std::string& common_name = "test.example.com");

// A logger writing into memory, and the sink to look at.
struct CapturedLog {
  std::shared_ptr<log::MemorySink> sink = std::make_shared<log::MemorySink>();
  log::Logger logger{sink, log::Level::debug};
  bool contains(const std::string& text) const;
};

// A state.json with just an API key (as `setup` or an older agent writes it).
std::string state_with_key(const std::string& key);

}  // namespace ntpmon::agent::testing
