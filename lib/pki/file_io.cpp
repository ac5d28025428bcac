#include "pki/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "pki/error.h"

namespace ntpmon::pki {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

[[noreturn]] void throw_io(std::string_view what, const std::filesystem::path& path, int err) {
  throw PkiError(std::string(what) + " " + path.string() + ": " + errno_text(err));
}

// Closes a descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now and reports close's error (write errors can surface here).
  int close_checked() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd);
  }

 private:
  int fd_;
};

// Removes the temporary file unless the rename succeeded.
class TempFileCleanup {
 public:
  explicit TempFileCleanup(std::string path) : path_(std::move(path)) {}
  TempFileCleanup(const TempFileCleanup&) = delete;
  TempFileCleanup& operator=(const TempFileCleanup&) = delete;
  ~TempFileCleanup() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) {
      throw PkiFileNotFound(path, "file not found: " + path.string());
    }
    throw_io("cannot open", path, err);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_io("cannot stat", path, errno);
  if (S_ISDIR(st.st_mode)) throw PkiError("cannot read " + path.string() + ": is a directory");

  std::string data;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io("cannot read", path, errno);
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      throw PkiError("file " + path.string() + " is larger than " + std::to_string(max_bytes) +
                     " bytes");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view contents,
                       unsigned mode) {
  if (path.filename().empty()) throw PkiError("cannot write " + path.string() + ": not a file name");
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";

  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  FileDescriptor fd(::mkostemp(name.data(), O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) {
      throw PkiError("cannot write " + path.string() + ": directory " + dir.string() +
                     " does not exist");
    }
    throw_io("cannot create a temporary file for", path, err);
  }
  TempFileCleanup cleanup(name.data());

  // mkostemp creates the file 0600; set the wanted mode before any content is written.
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) throw_io("cannot chmod", path, errno);

  const char* p = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd.get(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io("cannot write", path, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) throw_io("cannot fsync", path, errno);
  if (fd.close_checked() != 0) throw_io("cannot close", path, errno);
  if (::rename(name.data(), path.c_str()) != 0) throw_io("cannot rename temporary file onto", path, errno);
  cleanup.release();

  // Make the rename itself durable. Failure to sync the directory is not worth failing over
  // (some filesystems refuse fsync on directories); the file content is already on disk.
  FileDescriptor dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() >= 0) (void)::fsync(dfd.get());
}

}  // namespace ntpmon::pki
