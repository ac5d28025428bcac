// Exactly once across SIGKILL: a 200,000-row archive run into Avro files and ClickHouse, with
// cleanup deleting behind them, killed at random points 20 times and then finished. After
// every kill: cleanup has deleted nothing above any marker, every row up to each marker is in
// that destination, and nothing is there twice. At the end every row is in each destination
// exactly once with the values MySQL had.
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
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
  auto phase_start = std::chrono::steady_clock::now();
  // How long each phase took, printed at the end: the test must stay well within CI's budget.
  std::vector<std::pair<std::string, double>> phases;
  auto phase_done = [&](const std::string& name) {
    auto now = std::chrono::steady_clock::now();
    phases.emplace_back(name, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  // Old rows, so cleanup may delete whatever both archivers hold.
  env.insert_generated_rows(1, kRows, 1600000000);
  auto original = env.rows();
  phase_done("fixture");
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 1 HOUR");
  env.set_status("fileavro", std::nullopt);
  env.set_status("clickhouse", std::nullopt);
  // Batches of 8,000 and 7,000 rows (25 and 29 of them), read in chunks of 2,000: many batch
  // boundaries to die at, few enough commits to keep the run short on a loaded machine.
  auto settings = env.env({{"ch_dsn", ch->url()},
                           {"avro_codec", "snappy"},
                           {"batch_avro_min_size", "1"},
                           {"batch_avro_max_size", "8000"},
                           {"batch_avro_interval", "0s"},
                           {"batch_ch_min_size", "1"},
                           {"batch_ch_max_size", "7000"},
                           {"archiver_read_chunk_rows", "2000"},
                           {"cleanup_default_interval", "0s"},
                           {"cleanup_chunk_size", "10000"},
                           {"cleanup_batch_size", "1000000"}});

  // The kill points are spread over the whole run whatever the machine's speed: kill k waits
  // until the two markers together passed a random target (sorted, anywhere from 0 to both
  // destinations done), then lets the run go on for a random 0-150 ms, so it dies anywhere in
  // a batch: reading, writing, syncing, committing, publishing, or still recovering.
  unsigned seed = std::random_device{}();
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::uint64_t> target_rows(0, 2 * kRows - 1);
  std::uniform_int_distribution<int> extra_ms(0, 150);
  std::vector<std::uint64_t> targets(20);
  for (auto& t : targets) t = target_rows(random);
  std::sort(targets.begin(), targets.end());
  SCOPED_TRACE("seed " + std::to_string(seed));
  auto progress = [&] { return env.marker("fileavro").value_or(0) + env.marker("clickhouse").value_or(0); };
  int killed_running = 0;
  int killed_with_rows_pending = 0;
  // What the runs after a kill found and settled, to show which crash points were hit.
  std::map<std::string, int> recoveries;
  auto count_recoveries = [&](const std::string& output) {
    for (const char* what : {"removed a partly written Avro file", "published the Avro file of a batch committed",
                             "removed the Avro file of a batch an interrupted run did not commit",
                             "clickhouse already holds rows of this batch"}) {
      for (auto pos = output.find(what); pos != std::string::npos; pos = output.find(what, pos + 1)) ++recoveries[what];
    }
  };
  std::map<fs::path, std::vector<std::uint64_t>> avro_ids_by_file;
  for (int kill = 0; kill < 20; ++kill) {
    Child run({program_path("monitor-archiver"), "archive"}, settings);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (run.running() && progress() < targets[kill] && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms(random)));  // a random point after it
    run.kill(SIGKILL);
    int status = run.wait();
    phase_done("run " + std::to_string(kill));
    if (status == -SIGKILL) ++killed_running;
    if (status == -SIGKILL && progress() < 2 * kRows) ++killed_with_rows_pending;
    count_recoveries(run.output());
    ASSERT_TRUE(status == -SIGKILL || status == 0) << "kill " << kill << ": " << run.output();

    auto avro_marker = env.marker("fileavro").value_or(0);
    auto ch_marker = env.marker("clickhouse").value_or(0);
    // Cleanup deleted nothing that some archiver does not hold: the ids are 1..200000, so every
    // id from the smallest marker on (from 1 while a marker is unset) is still there.
    const std::uint64_t protected_from = std::max<std::uint64_t>(1, std::min(avro_marker, ch_marker));
    long long kept = 0;
    env.sql() << "SELECT COUNT(*) FROM log_scores WHERE id >= :from", soci::use(protected_from), soci::into(kept);
    ASSERT_EQ(static_cast<std::uint64_t>(kept), kRows - protected_from + 1)
        << "kill " << kill << ": cleanup deleted a row at or above id " << protected_from << " (markers "
        << avro_marker << ", " << ch_marker << ")";
    // Everything up to each marker is in its destination, once. A committed file does not change,
    // so each is read once (a published .ready file again under its final name).
    std::vector<unsigned> avro_copies(kRows + 1, 0);
    for (const auto& file : committed_avro_files(env.avro_dir(), avro_marker)) {
      auto known = avro_ids_by_file.find(file);
      if (known == avro_ids_by_file.end()) {
        std::vector<std::uint64_t> ids;
        for (const auto& row : read_avro_with_avro_c({file})) ids.push_back(row.id);
        known = avro_ids_by_file.emplace(file, std::move(ids)).first;
      }
      for (std::uint64_t id : known->second) {
        ASSERT_TRUE(id >= 1 && id <= kRows) << "kill " << kill << ": avro id " << id << " in " << file;
        ++avro_copies[id];
      }
    }
    for (std::uint64_t id = 1; id <= kRows; ++id) {
      ASSERT_LE(avro_copies[id], 1u) << "kill " << kill << ": an Avro file repeats id " << id;
      if (id <= avro_marker) {
        ASSERT_EQ(avro_copies[id], 1u) << "kill " << kill << ": avro id " << id << " missing";
      }
    }
    // The first runs may be killed before they created the table. Counted inside ClickHouse
    // (the ids are 1..200000): no id twice, and every id up to the marker present. The rows'
    // values are compared once, at the end.
    bool table_exists = ch->query("EXISTS TABLE log_scores") == "1\n";
    ASSERT_TRUE(table_exists || ch_marker == 0);
    if (table_exists) {
      std::string m = std::to_string(ch_marker);
      std::string counts = ch->query("SELECT count(), uniqExact(id), uniqExactIf(id, id <= " + m +
                                     ") FROM log_scores FORMAT TabSeparated");
      std::istringstream fields(counts);
      std::uint64_t rows = 0, distinct = 0, distinct_up_to_marker = 0;
      fields >> rows >> distinct >> distinct_up_to_marker;
      ASSERT_EQ(rows, distinct) << "kill " << kill << ": clickhouse holds a row twice (" << counts << ")";
      ASSERT_EQ(distinct_up_to_marker, ch_marker) << "kill " << kill << ": clickhouse misses rows below its marker";
    }
    phase_done("checks after the kills");
  }
  EXPECT_GE(killed_with_rows_pending, 15) << "most kills should hit an archiver with rows still to archive";

  // Finish: a run to the end, then one more for cleanup to catch up with the last markers.
  for (int i = 0; i < 2; ++i) {
    auto r = run_process({program_path("monitor-archiver"), "archive"}, settings);
    ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
    count_recoveries(r.err);
  }
  std::cout << "[ ARCHIVER ] kills that hit a running archiver: " << killed_running << " of 20, with rows still to "
            << "archive: " << killed_with_rows_pending << "\n";
  for (const auto& [what, n] : recoveries) std::cout << "[ ARCHIVER ] " << what << ": " << n << "\n";
  EXPECT_EQ(env.marker("fileavro"), kRows);
  EXPECT_EQ(env.marker("clickhouse"), kRows);

  // No staged file is left, and each destination holds every row once, as MySQL had it.
  for (const auto& e : fs::directory_iterator(env.avro_dir())) {
    EXPECT_FALSE(e.path().filename().string().starts_with(".")) << "left behind: " << e.path();
  }
  phase_done("finishing runs");
  auto avro = read_avro_with_avro_c(env.avro_files());
  std::sort(avro.begin(), avro.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  expect_each_once(ids_of(avro), kRows, "avro");
  EXPECT_EQ(avro, expected_records(original, Destination::avro));

  auto clickhouse = read_clickhouse(*ch);
  expect_each_once(ids_of(clickhouse), kRows, "clickhouse");
  EXPECT_EQ(clickhouse, expected_records(original, Destination::clickhouse));
  // count() and sum(id) as MySQL had them before cleanup deleted the rows.
  std::uint64_t mysql_sum = 0;
  for (const auto& row : original) mysql_sum += row.id;
  const std::string mysql_counts = std::to_string(original.size()) + "\t" + std::to_string(mysql_sum) + "\n";
  EXPECT_EQ(mysql_counts, "200000\t20000100000\n");
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FORMAT TabSeparated"), mysql_counts);
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FINAL FORMAT TabSeparated"), mysql_counts);

  // Cleanup removed every old row below the smallest marker; the marker's own row stays.
  EXPECT_EQ(env.row_count(), 1u);
  phase_done("final checks");
  double runs = 0, checks = 0;
  for (const auto& [name, seconds] : phases) {
    if (name.starts_with("run ")) {
      runs += seconds;
    } else if (name.starts_with("checks after")) {
      checks += seconds;
    } else {
      std::cout << "[ ARCHIVER ] " << name << ": " << seconds << " s\n";
    }
  }
  std::cout << "[ ARCHIVER ] killed runs: " << runs << " s, checks after them: " << checks << " s\n";
}

}  // namespace
}  // namespace ntpmon::test
