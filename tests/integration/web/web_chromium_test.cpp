// The score page in real headless Chromium: the page loads without any console message,
// script error or failed load, its graph has one score point per history row in range, and
// a screenshot is taken (kept as build/tests/web_score_page.png for a look).
#include <gtest/gtest.h>

#include <fstream>

#include "headless_chromium.h"
#include "web_test_server.h"

namespace ntpmon::web::test {
namespace {

class WebChromium : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<WebTestServer>("web_chromium");
    // 300 more rows of server 1001 within the four days before the vectors' clock (every
    // 15 minutes, alternating monitors, a few large offsets and failures), and 40 older ones.
    server_->database().run_script(
        "INSERT INTO log_scores (server_id, monitor_id, ts, score, step, `offset`, rtt) "
        "SELECT 1001, IF(seq MOD 3 = 0, 1, IF(seq MOD 3 = 1, 21, 23)), "
        "TIMESTAMP '2025-06-01 11:30:00' - INTERVAL seq * 15 MINUTE, "
        "IF(seq MOD 37 = 0, -20 + seq / 10, 20 - seq / 100), IF(seq MOD 37 = 0, -5, 1), "
        "IF(seq MOD 3 = 0, NULL, (CAST(seq AS SIGNED) MOD 50 - 25) / 1000.0 + IF(seq MOD 41 = 0, 0.2, 0)), "
        "IF(seq MOD 3 = 0, NULL, 20000 + seq) FROM seq_0_to_299;\n"
        "INSERT INTO log_scores (server_id, monitor_id, ts, score, step) "
        "SELECT 1001, 21, TIMESTAMP '2025-05-28 11:00:00' - INTERVAL seq HOUR, 19, 1 FROM seq_0_to_39;\n");
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<WebTestServer> server_;
};
std::unique_ptr<WebTestServer> WebChromium::server_;

std::string describe(const std::vector<PageProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.kind + ": " + p.text + "\n";
  return out;
}

TEST_F(WebChromium, ScorePageRendersItsGraphWithoutConsoleErrors) {
  // The rows in range are those of the page's data request (json?monitor=*&limit=6500).
  Fetched json = server_->fetch("/scores/192.0.2.10/json?monitor=*&limit=6500");
  ASSERT_EQ(json.status, 200);
  std::size_t rows_in_range = 0;
  for (std::size_t pos = json.body.find("{\"ts\":"); pos != std::string::npos; pos = json.body.find("{\"ts\":", pos + 1)) {
    ++rows_in_range;
  }
  ASSERT_EQ(rows_in_range, 305u);  // the five of data set 1 and the 300 added; not the old ones

  HeadlessChromium browser;
  browser.load(server_->base_url() + "/scores/192.0.2.10");
  EXPECT_EQ(browser.evaluate("document.title"), "\"Stats for 192.0.2.10\"");
  EXPECT_EQ(browser.evaluate("document.querySelectorAll('svg.score-graph').length"), "1");
  EXPECT_EQ(browser.evaluate("document.querySelectorAll('svg.score-graph g.scores circle').length"),
            std::to_string(rows_in_range));
  // Every row with an offset has an offset point: the 200 rows of monitors 21/23 and rows 1001, 1005.
  EXPECT_EQ(browser.evaluate("document.querySelectorAll('svg.score-graph g.offsets circle').length"), "202");
  // The graph is laid out at its specified size.
  EXPECT_EQ(browser.evaluate("(() => { const r = document.querySelector('svg.score-graph').getBoundingClientRect();"
                             " return [r.width, r.height]; })()"),
            "[640,284]");
  // The scraper's paragraph, as the browser sees the text.
  EXPECT_EQ(browser.evaluate("document.querySelector('p.current-score').textContent.split(' ').slice(0, 3).join(' ')"),
            "\"Current score: 19.1\"");

  std::string png = browser.screenshot_png();
  auto [width, height] = png_size(png);
  EXPECT_EQ(width, 1280u);
  EXPECT_GE(height, 600u);
  EXPECT_GT(png.size(), 20000u);  // a page with a graph, not a blank image
  std::ofstream(std::string(NTPMON_BINARY_DIR) + "/tests/web_score_page.png", std::ios::binary) << png;

  EXPECT_TRUE(browser.problems().empty()) << describe(browser.problems());
}

TEST_F(WebChromium, OtherPagesAndTheStandaloneSvgLoadCleanly) {
  HeadlessChromium browser;
  for (const char* path : {"/", "/monitors", "/selector/192.0.2.10", "/scores/", "/graph/192.0.2.10/offset.svg"}) {
    browser.load(server_->base_url() + path);
  }
  EXPECT_EQ(browser.evaluate("document.querySelectorAll('g.scores circle').length"), "305");
  EXPECT_TRUE(browser.problems().empty()) << describe(browser.problems());
}

// The detector itself: a page with a console error, a script error and a failed load.
TEST_F(WebChromium, ProblemsOnAPageAreDetected) {
  HeadlessChromium browser;
  browser.load("data:text/html,<p>x</p><script>console.error('boom');undefinedFunction();</script>"
               "<img src='" + server_->base_url() + "/missing.png'>");
  std::string all = describe(browser.problems());
  EXPECT_NE(all.find("console.error: \"boom\""), std::string::npos) << all;
  EXPECT_NE(all.find("exception"), std::string::npos) << all;
  EXPECT_NE(all.find("log.error"), std::string::npos) << all;
}

}  // namespace
}  // namespace ntpmon::web::test
