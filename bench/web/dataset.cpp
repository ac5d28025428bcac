#include "dataset.h"

#include <soci/soci.h>

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "db/connect.h"
#include "db/raw.h"
#include "migrate/migrator.h"
#include "migrate/sql_bundle.h"
#include "migrate/sql_script.h"

namespace ntpmon::bench_web {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool dataset_present(soci::session& s) {
  try {
    int version = 0;
    long long rows = 0;
    s << "SELECT version, log_rows FROM bench_web_dataset", soci::into(version), soci::into(rows);
    return s.got_data() && version == kDatasetVersion && rows == kExpectedRows;
  } catch (const std::exception&) {
    return false;  // no marker table: new, or an interrupted generation
  }
}

void recreate_database(db::Dsn server_dsn, const std::string& name) {
  server_dsn.database.clear();
  auto server = db::open_session(server_dsn);
  db::execute_raw(*server, "DROP DATABASE IF EXISTS `" + name + "`");
  db::execute_raw(*server, "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

void run_sql_file(soci::session& session, const std::string& file) {
  std::string path = std::string(NTPMON_SOURCE_DIR) + "/bench/web/" + file;
  for (const auto& statement : migrate::split_sql_script(read_file(path), path)) {
    db::execute_raw(session, statement.text);
  }
}

}  // namespace

void warm_buffer_pool(const db::Dsn& dataset) {
  auto session = db::open_session(dataset);
  run_sql_file(*session, "warm.sql");
}

db::Dsn prepare_dataset(const db::Dsn& server, const std::string& name, bool regenerate) {
  db::Dsn dsn = server;
  dsn.database = name;
  if (!regenerate) {
    try {
      auto session = db::open_session(dsn);
      if (dataset_present(*session)) {
        std::cout << "data set: reusing database " << name << " (" << kExpectedRows << " log_scores rows)\n";
        return dsn;
      }
    } catch (const db::ConnectError&) {
      // no such database yet
    }
  }
  recreate_database(server, name);
  auto session = db::open_session(dsn);
  std::cout << "data set: generating " << kExpectedRows << " log_scores rows into database " << name << " ..."
            << std::endl;
  auto started = std::chrono::steady_clock::now();
  migrate::migrate(*session, migrate::embedded_sql_bundle(), migrate::MigrateOptions{});
  run_sql_file(*session, "generate.sql");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "data set: generated in " << std::fixed << std::setprecision(1) << seconds << " s" << std::endl;
  if (!dataset_present(*session)) throw std::runtime_error("the generated data set is incomplete");
  return dsn;
}

}  // namespace ntpmon::bench_web
