#include "headless_chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ntpmon::web::test {
namespace {

using nlohmann::json;

std::string base64_decode(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // '=' padding and line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// A file descriptor closed on destruction.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd = o.fd;
    o.fd = -1;
    return *this;
  }
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

struct HeadlessChromium::Impl {
  pid_t pid = -1;
  Fd to_browser;    // our end of the browser's fd 3
  Fd from_browser;  // our end of the browser's fd 4
  std::filesystem::path profile;
  std::chrono::seconds timeout;
  int next_id = 1;
  std::string session;  // the page's flattened session id
  std::string inbox;    // bytes read but not yet split into messages
  std::vector<PageProblem> problems;
  bool loaded = false;

  void send(const json& message) {
    std::string text = message.dump();
    text.push_back('\0');
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(to_browser.fd, text.data() + done, text.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("chromium: write to the DevTools pipe failed");
      }
      done += static_cast<std::size_t>(n);
    }
  }

  // The next message, waiting until the deadline.
  json receive(std::chrono::steady_clock::time_point deadline) {
    while (true) {
      if (auto end = inbox.find('\0'); end != std::string::npos) {
        json message = json::parse(inbox.substr(0, end));
        inbox.erase(0, end + 1);
        return message;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error("chromium: no answer within the time limit");
      pollfd p{from_browser.fd, POLLIN, 0};
      int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) continue;
      std::array<char, 65536> buf{};
      ssize_t n = ::read(from_browser.fd, buf.data(), buf.size());
      if (n == 0) throw std::runtime_error("chromium: the browser closed the DevTools pipe");
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error("chromium: read from the DevTools pipe failed");
      }
      inbox.append(buf.data(), static_cast<std::size_t>(n));
    }
  }

  void record_event(const json& m) {
    const std::string method = m.value("method", "");
    const json& params = m.contains("params") ? m["params"] : json::object();
    if (method == "Runtime.consoleAPICalled") {
      std::string text;
      for (const auto& arg : params.value("args", json::array())) {
        text += arg.contains("value") ? arg["value"].dump() : arg.value("description", "");
        text += " ";
      }
      problems.push_back({"console." + params.value("type", "?"), text});
    } else if (method == "Runtime.exceptionThrown") {
      problems.push_back({"exception", params["exceptionDetails"].dump()});
    } else if (method == "Log.entryAdded") {
      const json& entry = params["entry"];
      problems.push_back({"log." + entry.value("level", "?"), entry.value("text", "") + " " + entry.value("url", "")});
    } else if (method == "Page.loadEventFired") {
      loaded = true;
    }
  }

  // Sends a command and returns its result; events that arrive meanwhile are recorded.
  json call(const std::string& method, json params = json::object(), bool in_page = true) {
    int id = next_id++;
    json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (in_page && !session.empty()) message["sessionId"] = session;
    send(message);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      json m = receive(deadline);
      if (m.contains("id") && m["id"] == id) {
        if (m.contains("error")) throw std::runtime_error("chromium: " + method + ": " + m["error"].dump());
        return m.value("result", json::object());
      }
      record_event(m);
    }
  }
};

HeadlessChromium::HeadlessChromium(std::chrono::seconds timeout) : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  char dir_template[] = "/tmp/ntpmon-chromium-XXXXXX";
  if (!::mkdtemp(dir_template)) throw std::runtime_error("chromium: cannot create a profile directory");
  impl_->profile = dir_template;

  int to_child[2], from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
    throw std::runtime_error("chromium: pipe failed");
  }
  std::string user_data = "--user-data-dir=" + impl_->profile.string();
  std::string log_path = (impl_->profile / "chromium.log").string();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("chromium: fork failed");
  if (pid == 0) {
    // The browser reads commands on fd 3 and writes answers on fd 4.
    // Move both ends above 4 first, so that neither dup2 below overwrites the other.
    int read_end = ::fcntl(to_child[0], F_DUPFD, 10);
    int write_end = ::fcntl(from_child[1], F_DUPFD, 10);
    ::dup2(read_end, 3);
    ::dup2(write_end, 4);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd >= 0) {
      ::dup2(log_fd, 1);
      ::dup2(log_fd, 2);
    }
    const char* argv[] = {"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", user_data.c_str(), "--remote-debugging-pipe",
                          "--hide-scrollbars", "about:blank", nullptr};
    ::execvp("chromium", const_cast<char* const*>(argv));
    ::_exit(127);
  }
  impl_->pid = pid;
  ::close(to_child[0]);
  ::close(from_child[1]);
  impl_->to_browser = Fd(to_child[1]);
  impl_->from_browser = Fd(from_child[0]);
  ::signal(SIGPIPE, SIG_IGN);  // a browser that died shows as a write error, not a signal
}

HeadlessChromium::~HeadlessChromium() {
  if (impl_->pid > 0) {
    try {
      impl_->call("Browser.close", json::object(), false);
    } catch (const std::exception&) {
    }
    impl_->to_browser.reset();
    // Give it a few seconds to exit, then make sure.
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(impl_->pid, nullptr, WNOHANG) == impl_->pid) {
        impl_->pid = -1;
        break;
      }
      ::usleep(50000);
    }
    if (impl_->pid > 0) {
      ::kill(impl_->pid, SIGKILL);
      ::waitpid(impl_->pid, nullptr, 0);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(impl_->profile, ignored);
}

void HeadlessChromium::load(const std::string& url, int width, int height) {
  json target = impl_->call("Target.createTarget", {{"url", "about:blank"}}, false);
  json attached = impl_->call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}}, false);
  impl_->session = attached["sessionId"].get<std::string>();
  impl_->call("Runtime.enable");
  impl_->call("Log.enable");
  impl_->call("Page.enable");
  impl_->call("Emulation.setDeviceMetricsOverride",
              {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
  impl_->loaded = false;
  impl_->call("Page.navigate", {{"url", url}});
  auto deadline = std::chrono::steady_clock::now() + impl_->timeout;
  while (!impl_->loaded) impl_->record_event(impl_->receive(deadline));
}

const std::vector<PageProblem>& HeadlessChromium::problems() const { return impl_->problems; }

std::string HeadlessChromium::evaluate(const std::string& expression) {
  json result = impl_->call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
  if (result.contains("exceptionDetails")) throw std::runtime_error("chromium: " + result["exceptionDetails"].dump());
  return result["result"].value("value", json()).dump();
}

std::string HeadlessChromium::screenshot_png() {
  json result = impl_->call("Page.captureScreenshot", {{"format", "png"}, {"captureBeyondViewport", true}});
  return base64_decode(result["data"].get<std::string>());
}

std::pair<unsigned, unsigned> png_size(const std::string& png) {
  static const std::string kSignature("\x89PNG\r\n\x1a\n", 8);
  if (png.size() < 24 || png.compare(0, 8, kSignature) != 0 || png.compare(12, 4, "IHDR") != 0) return {0, 0};
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  return {be32(16), be32(20)};
}

}  // namespace ntpmon::web::test
