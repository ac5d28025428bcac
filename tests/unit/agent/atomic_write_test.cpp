// The atomic file replacement every agent write uses (pki::write_file_atomic: temp file in the
// same directory, fsync, rename; spec/agent.md §4.5; §20 tests 8-16).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "pki/error.h"
#include "pki/file_io.h"
#include "support/agent_test_util.h"

namespace ntpmon::agent {
namespace {

using testing::file_mode;
using testing::read_text;

bool no_temp_files(const std::filesystem::path& dir) {
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().find(".tmp") != std::string::npos) return false;
  }
  return true;
}

// Tests 8-11: new file, replacement, empty and 10 KiB contents; mode as asked; no temp left.
TEST(AgentAtomicWrite, ReplacesContent_Tests8to11) {
  testing::TempDir dir;
  const auto path = dir / "cert.pem";
  struct Case {
    std::string content;
    unsigned mode;
  };
  const Case cases[] = {{"new content", 0644}, {"updated content", 0644}, {"", 0644},
                        {std::string(10240, 'x'), 0644}, {"secret", 0600}};
  for (const Case& c : cases) {
    pki::write_file_atomic(path, c.content, c.mode);
    EXPECT_EQ(read_text(path), c.content);
    EXPECT_EQ(file_mode(path), c.mode);
    EXPECT_TRUE(no_temp_files(dir.path()));
  }
}

// Test 12: readers only ever see a complete old or new file.
TEST(AgentAtomicWrite, ConcurrentReadersSeeWholeFiles_Test12) {
  testing::TempDir dir;
  const auto path = dir / "state.json";
  pki::write_file_atomic(path, "initial content", 0600);
  std::atomic<bool> bad{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const std::string s = read_text(path);
        if (s.empty() || (s != "initial content" && s.rfind("updated content", 0) != 0)) bad = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  for (int w = 0; w < 3; ++w) {
    pki::write_file_atomic(path, "updated content " + std::to_string(w) + std::string(4096, 'u'), 0600);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& t : readers) t.join();
  EXPECT_FALSE(bad);
}

// Tests 13, 14: an unwritable directory and a path under a regular file fail.
TEST(AgentAtomicWrite, FailsWhereItCannotWrite_Tests13_14) {
  EXPECT_THROW(pki::write_file_atomic("/dev/null/invalid", "x", 0600), pki::PkiError);
  testing::TempDir dir;
  EXPECT_THROW(pki::write_file_atomic(dir / "missing" / "f", "x", 0600), pki::PkiError);
  if (::geteuid() != 0) {  // root ignores directory permissions (the spec skips these as root)
    std::filesystem::create_directory(dir / "ro");
    std::filesystem::permissions(dir / "ro", std::filesystem::perms(0555));
    EXPECT_THROW(pki::write_file_atomic(dir / "ro" / "f", "x", 0600), pki::PkiError);
  }
}

// Test 15: a failure after the temp file exists leaves the target untouched and no temp file
// (the rename fails because the target is a non-empty directory).
TEST(AgentAtomicWrite, FailureLeavesTargetAndNoTemp_Test15) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "target" / "child");
  EXPECT_THROW(pki::write_file_atomic(dir / "target", "x", 0600), pki::PkiError);
  EXPECT_TRUE(std::filesystem::is_directory(dir / "target" / "child"));
  EXPECT_TRUE(no_temp_files(dir.path()));
}

// Test 16: simultaneous replacements of different files.
TEST(AgentAtomicWrite, SimultaneousFiles_Test16) {
  testing::TempDir dir;
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i) {
    writers.emplace_back([&, i] {
      for (int k = 0; k < 10; ++k) {
        pki::write_file_atomic(dir / ("f" + std::to_string(i)), "file " + std::to_string(i) + " v" + std::to_string(k), 0600);
      }
    });
  }
  for (auto& t : writers) t.join();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(read_text(dir / ("f" + std::to_string(i))), "file " + std::to_string(i) + " v9");
  EXPECT_TRUE(no_temp_files(dir.path()));
}

}  // namespace
}  // namespace ntpmon::agent
