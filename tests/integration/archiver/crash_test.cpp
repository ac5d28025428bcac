// Exactly once across SIGKILL: a 200,000-row archive run into Avro files and ClickHouse, with
// cleanup deleting behind them, killed at random points 20 times and then finished. After
// every kill: cleanup has deleted nothing above any marker, every row up to each marker is in
// that destination, and nothing is there twice. At the end every row is in each destination
// exactly once with the values MySQL had.
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/soci.h>

#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "archiver_env.h"

namespace ntpmon::test {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kRows = 200000;

// Final files plus the staged files the marker already committed (fileavro_backend.cpp).
std::vector<fs::path> committed_avro_files(const fs::path& dir, std::uint64_t marker) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with(".") && name.ends_with(".avro")) {
      out.push_back(e.path());
    } else if (name.starts_with(".") && name.ends_with(".avro.ready")) {
      std::string body = name.substr(1, name.size() - 1 - std::string(".avro.ready").size());
      std::uint64_t last = std::stoull(body.substr(body.rfind('-') + 1));
      if (last <= marker) out.push_back(e.path());
    }
  }
  return out;
}

std::multiset<std::uint64_t> ids_of(const std::vector<ArchivedRow>& rows) {
  std::multiset<std::uint64_t> out;
  for (const auto& r : rows) out.insert(r.id);
  return out;
}

void expect_each_once(const std::multiset<std::uint64_t>& ids, std::uint64_t up_to, const std::string& where) {
  for (std::uint64_t id = 1; id <= up_to; ++id) {
    ASSERT_EQ(ids.count(id), 1u) << where << ": id " << id << " is there " << ids.count(id) << " times";
  }
  std::set<std::uint64_t> distinct(ids.begin(), ids.end());
  ASSERT_EQ(distinct.size(), ids.size()) << where << ": some id is there twice";
}

TEST(ArchiverCrash, SigkillTwentyTimesThenFinishExactlyOnce) {
  ArchiverTestEnv env("archiver_crash");
  std::unique_ptr<ClickHouseServer> ch;
  try {
    ch = std::make_unique<ClickHouseServer>();
  } catch (const ClickHouseUnavailable& e) {
    GTEST_SKIP() << "clickhouse-server cannot run here: " << e.what();
  }
  // Old rows, so cleanup may delete whatever both archivers hold.
  env.insert_generated_rows(1, kRows, 1600000000);
  auto original = env.rows();
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 1 HOUR");
  env.set_status("fileavro", std::nullopt);
  env.set_status("clickhouse", std::nullopt);
  auto settings = env.env({{"ch_dsn", ch->url()},
                           {"avro_codec", "snappy"},
                           {"batch_avro_min_size", "1"},
                           {"batch_avro_max_size", "4000"},
                           {"batch_avro_interval", "0s"},
                           {"batch_ch_min_size", "1"},
                           {"batch_ch_max_size", "3000"},
                           {"archiver_read_chunk_rows", "1000"},
                           {"cleanup_default_interval", "0s"},
                           {"cleanup_chunk_size", "3000"},
                           {"cleanup_batch_size", "1000000"}});

  unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(20, 1200);
  SCOPED_TRACE("seed " + std::to_string(seed));
  int killed_running = 0;
  // What the runs after a kill found and settled, to show which crash points were hit.
  std::map<std::string, int> recoveries;
  auto count_recoveries = [&](const std::string& output) {
    for (const char* what : {"removed a partly written Avro file", "published the Avro file of a batch committed",
                             "removed the Avro file of a batch an interrupted run did not commit",
                             "clickhouse already holds rows of this batch"}) {
      for (auto pos = output.find(what); pos != std::string::npos; pos = output.find(what, pos + 1)) ++recoveries[what];
    }
  };
  for (int kill = 0; kill < 20; ++kill) {
    Child run({program_path("monitor-archiver"), "archive"}, settings);
    int delay = delay_ms(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));  // a random point of the run
    run.kill(SIGKILL);
    int status = run.wait();
    if (status == -SIGKILL) ++killed_running;
    count_recoveries(run.output());
    ASSERT_TRUE(status == -SIGKILL || status == 0) << "kill " << kill << ": " << run.output();

    auto avro_marker = env.marker("fileavro").value_or(0);
    auto ch_marker = env.marker("clickhouse").value_or(0);
    // Cleanup deleted nothing that some archiver does not hold.
    long long deleted_max = 0;
    env.sql() << "SELECT COALESCE(MAX(seq), 0) FROM seq_1_to_200000 s LEFT JOIN log_scores l ON l.id = s.seq "
                 "WHERE l.id IS NULL",
        soci::into(deleted_max);
    ASSERT_LT(static_cast<std::uint64_t>(deleted_max), std::max<std::uint64_t>(1, std::min(avro_marker, ch_marker)))
        << "kill " << kill << ": cleanup deleted id " << deleted_max << " (markers " << avro_marker << ", "
        << ch_marker << ")";
    // Everything up to each marker is in its destination, once.
    auto avro_ids = ids_of(read_avro_with_avro_c(committed_avro_files(env.avro_dir(), avro_marker)));
    for (std::uint64_t id = 1; id <= avro_marker; ++id) {
      ASSERT_EQ(avro_ids.count(id), 1u) << "kill " << kill << ": avro id " << id;
    }
    ASSERT_EQ(std::set<std::uint64_t>(avro_ids.begin(), avro_ids.end()).size(), avro_ids.size())
        << "kill " << kill << ": an Avro file repeats a row";
    // The first runs may be killed before they created the table.
    bool table_exists = ch->query("EXISTS TABLE log_scores") == "1\n";
    auto ch_ids = table_exists ? ids_of(read_clickhouse(*ch)) : std::multiset<std::uint64_t>{};
    ASSERT_TRUE(table_exists || ch_marker == 0);
    for (std::uint64_t id = 1; id <= ch_marker; ++id) {
      ASSERT_EQ(ch_ids.count(id), 1u) << "kill " << kill << ": clickhouse id " << id;
    }
    ASSERT_EQ(std::set<std::uint64_t>(ch_ids.begin(), ch_ids.end()).size(), ch_ids.size())
        << "kill " << kill << ": clickhouse holds a row twice";
  }
  EXPECT_GE(killed_running, 10) << "most kills should hit a running archiver";

  // Finish: a run to the end, then one more for cleanup to catch up with the last markers.
  for (int i = 0; i < 2; ++i) {
    auto r = run_process({program_path("monitor-archiver"), "archive"}, settings);
    ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
    count_recoveries(r.err);
  }
  std::cout << "[ ARCHIVER ] kills that hit a running archiver: " << killed_running << " of 20\n";
  for (const auto& [what, n] : recoveries) std::cout << "[ ARCHIVER ] " << what << ": " << n << "\n";
  EXPECT_EQ(env.marker("fileavro"), kRows);
  EXPECT_EQ(env.marker("clickhouse"), kRows);

  // No staged file is left, and each destination holds every row once, as MySQL had it.
  for (const auto& e : fs::directory_iterator(env.avro_dir())) {
    EXPECT_FALSE(e.path().filename().string().starts_with(".")) << "left behind: " << e.path();
  }
  auto avro = read_avro_with_avro_c(env.avro_files());
  std::sort(avro.begin(), avro.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  expect_each_once(ids_of(avro), kRows, "avro");
  EXPECT_EQ(avro, expected_records(original, Destination::avro));

  auto clickhouse = read_clickhouse(*ch);
  expect_each_once(ids_of(clickhouse), kRows, "clickhouse");
  EXPECT_EQ(clickhouse, expected_records(original, Destination::clickhouse));
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FORMAT TabSeparated"), "200000\t20000100000\n");
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FINAL FORMAT TabSeparated"), "200000\t20000100000\n");

  // Cleanup removed every old row below the smallest marker; the marker's own row stays.
  EXPECT_EQ(env.row_count(), 1u);
}

}  // namespace
}  // namespace ntpmon::test
