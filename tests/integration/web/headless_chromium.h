#pragma once
// Real headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe):
// load a page, collect its console messages, errors and failed loads, evaluate an expression
// in it, take a screenshot.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ntpmon::web::test {

struct PageProblem {
  std::string kind;  // "console.error", "console.warning", "exception", "log.error", ...
  std::string text;
};

class HeadlessChromium {
 public:
  // Starts `chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  // --user-data-dir=<temp dir> --remote-debugging-pipe`. Throws std::runtime_error when it
  // cannot start.
  explicit HeadlessChromium(std::chrono::seconds timeout = std::chrono::seconds{60});
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  // Opens `url` in a new tab of the given size and waits for its load event.
  void load(const std::string& url, int width = 1280, int height = 1600);
  // Every console message, uncaught exception and error log entry (failed loads) so far.
  const std::vector<PageProblem>& problems() const;
  // The value of a JavaScript expression in the page, as JSON text.
  std::string evaluate(const std::string& expression);
  // A PNG of the whole page.
  std::string screenshot_png();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Width and height from a PNG's IHDR chunk; {0, 0} when `png` is not a PNG.
std::pair<unsigned, unsigned> png_size(const std::string& png);

}  // namespace ntpmon::web::test
