// Test fixtures and readers for the archiver's integration tests. The SQL here builds fixtures
// and checks outcomes; it is test code, not rules.
#include "archiver_env.h"

#include <avro.h>
#include <fcntl.h>
#include <signal.h>
#include <soci/soci.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace ntpmon::test {

namespace fs = std::filesystem;

namespace {

// The attribute texts the fixtures store, and what they mean (spec §2.4).
const std::map<std::string, std::pair<int, std::string>>& attribute_meanings() {
  static const std::map<std::string, std::pair<int, std::string>> m{
      {"", {0, ""}},
      {"null", {0, ""}},
      {R"({"leap":1,"error":"test error"})", {1, "test error"}},
      {R"({"leap":0,"error":"","warning":"slow","stratum":2})", {0, ""}},
      {R"({"leap":2,"error":"tab\there \"quoted\" é"})", {2, "tab\there \"quoted\" é"}},
      {R"({"no_response":true,"error":"timeout"})", {0, "timeout"}},
      {R"({"leap":3})", {3, ""}},
      {"{}", {0, ""}},
  };
  return m;
}

std::uint64_t as_u64(const soci::row& r, std::size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_unsigned_long_long: return r.get<unsigned long long>(i);
    case soci::dt_long_long: return static_cast<std::uint64_t>(r.get<long long>(i));
    case soci::dt_integer: return static_cast<std::uint64_t>(r.get<int>(i));
    case soci::dt_string: return std::stoull(r.get<std::string>(i));
    default: throw std::runtime_error("column " + std::to_string(i) + " is not an integer");
  }
}

std::int64_t as_i64(const soci::row& r, std::size_t i) {
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: throw std::runtime_error("column " + std::to_string(i) + " is not an integer");
  }
}

double as_double(const soci::row& r, std::size_t i) {
  if (r.get_properties(i).get_data_type() == soci::dt_double) return r.get<double>(i);
  return static_cast<double>(as_i64(r, i));
}

bool is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }

std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<double> opt_double(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_object()) return v.begin()->get<double>();  // avrocat's union form {"float": x}
  return v.get<double>();
}

std::optional<std::int64_t> opt_int(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_object()) return v.begin()->get<std::int64_t>();
  if (v.is_string()) return std::stoll(v.get<std::string>());
  return v.get<std::int64_t>();
}

std::optional<std::string> opt_string(const nlohmann::json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_object()) return v.begin()->get<std::string>();
  return v.get<std::string>();
}

std::uint64_t u64(const nlohmann::json& v) {
  return v.is_string() ? std::stoull(v.get<std::string>()) : v.get<std::uint64_t>();
}

ArchivedRow from_json(const nlohmann::json& j, bool ts_is_seconds = false) {
  ArchivedRow r;
  r.id = u64(j.at("id"));
  r.server_id = static_cast<std::uint32_t>(u64(j.at("server_id")));
  r.monitor_id = static_cast<std::uint32_t>(u64(j.at("monitor_id")));
  r.ts_micros = static_cast<std::int64_t>(u64(j.at("ts"))) * (ts_is_seconds ? 1000000 : 1);
  r.score = j.at("score").get<double>();
  r.step = j.at("step").get<double>();
  r.offset = opt_double(j.at("offset"));
  r.rtt = opt_int(j.at("rtt"));
  auto leap = opt_int(j.at("leap"));
  if (leap) r.leap = static_cast<int>(*leap);
  r.error = opt_string(j.at("error"));
  return r;
}

std::vector<std::string> paths_as_strings(const std::vector<fs::path>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

}  // namespace

ArchivedRow expected_record(const SourceRow& row, Destination destination) {
  ArchivedRow r;
  r.id = row.id;
  r.server_id = row.server_id;
  r.monitor_id = row.monitor_id.value_or(0);
  r.ts_micros = row.ts * 1000000;
  r.score = static_cast<double>(static_cast<float>(row.score));
  r.step = static_cast<double>(static_cast<float>(row.step));
  if (row.offset) {
    r.offset = destination == Destination::avro ? static_cast<double>(static_cast<float>(*row.offset)) : *row.offset;
  }
  if (row.rtt) {
    r.rtt = destination == Destination::avro ? *row.rtt : static_cast<std::int64_t>(static_cast<std::uint32_t>(*row.rtt));
  }
  if (row.attributes) {
    auto it = attribute_meanings().find(*row.attributes);
    if (it == attribute_meanings().end()) throw std::logic_error("fixture attributes without a meaning: " + *row.attributes);
    if (it->second.first != 0) r.leap = it->second.first;
    if (!it->second.second.empty()) r.error = it->second.second;
  }
  return r;
}

std::vector<ArchivedRow> expected_records(const std::vector<SourceRow>& rows, Destination destination) {
  std::vector<ArchivedRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(expected_record(r, destination));
  return out;
}

ArchiverTestEnv::ArchiverTestEnv(std::string_view label) : db_(label) {
  std::string pattern = (fs::temp_directory_path() / "archiver-it-XXXXXX").string();
  avro_dir_ = ::mkdtemp(pattern.data());
  db_.run_script(R"(
    INSERT INTO servers (id, ip, created_on)
      SELECT seq, CONCAT('10.0.', seq DIV 256, '.', seq % 256), '2020-01-01 00:00:00' FROM seq_1_to_300;
    INSERT INTO servers (id, ip, created_on) VALUES (3000000000, '10.9.9.9', '2020-01-01 00:00:00');
    INSERT INTO monitors (id, status, config, created_on)
      SELECT seq, 'active', '', '2020-01-01 00:00:00' FROM seq_1_to_30;
  )");
}

ArchiverTestEnv::~ArchiverTestEnv() {
  std::error_code ignored;
  fs::remove_all(avro_dir_, ignored);
}

void ArchiverTestEnv::insert_rows(const std::vector<SourceRow>& rows, const std::string& table) {
  for (const auto& r : rows) {
    std::ostringstream q;
    q.precision(17);
    q << "INSERT INTO " << table << " (id, monitor_id, server_id, ts, score, step, `offset`, rtt, attributes) VALUES ("
      << r.id << ", " << (r.monitor_id ? std::to_string(*r.monitor_id) : "NULL") << ", " << r.server_id
      << ", FROM_UNIXTIME(" << r.ts << "), " << r.score << ", " << r.step << ", ";
    if (r.offset) {
      q << *r.offset;
    } else {
      q << "NULL";
    }
    q << ", " << (r.rtt ? std::to_string(*r.rtt) : "NULL") << ", "
      << (r.attributes ? sql_quote(*r.attributes) : "NULL") << ")";
    db_.run_script(q.str());
  }
}

void ArchiverTestEnv::insert_generated_rows(std::uint64_t first, std::uint64_t last, std::int64_t first_ts,
                                            const std::string& table) {
  std::string sql = "INSERT INTO " + table +
                    " (id, monitor_id, server_id, ts, score, step, `offset`, rtt, attributes)\n"
                    "SELECT n, IF(n % 13 = 0, NULL, 1 + n % 30), 1 + n % 300,\n"
                    "  FROM_UNIXTIME(" + std::to_string(first_ts) + " + (n - " + std::to_string(first) + ") * 10),\n"
                    "  (n % 4000) / 100.0 - 20, ((n % 21) - 10) / 10.0 + 0.05,\n"
                    "  IF(n % 5 = 0, NULL, ((n % 1000) - 500) / 100000.0),\n"
                    "  IF(n % 7 = 0, NULL, IF(n % 11 = 0, 0, n % 300000)),\n" +
                    R"(  CASE n % 9
      WHEN 0 THEN NULL
      WHEN 1 THEN ''
      WHEN 2 THEN '{"leap":1,"error":"test error"}'
      WHEN 3 THEN '{"leap":0,"error":"","warning":"slow","stratum":2}'
      WHEN 4 THEN 'null'
      WHEN 5 THEN '{"leap":2,"error":"tab\\there \\"quoted\\" é"}'
      WHEN 6 THEN '{"no_response":true,"error":"timeout"}'
      WHEN 7 THEN '{"leap":3}'
      ELSE '{}' END
FROM (SELECT CAST(seq AS SIGNED) AS n FROM seq_)" + std::to_string(first) + "_to_" + std::to_string(last) + ") numbers";
  db_.run_script(sql);
}

std::vector<SourceRow> ArchiverTestEnv::rows(const std::string& table) {
  std::vector<SourceRow> out;
  soci::rowset<soci::row> rs = sql().prepare
                               << "SELECT id, monitor_id, server_id, UNIX_TIMESTAMP(ts), score, step, `offset`, rtt, "
                                  "attributes FROM " + table + " ORDER BY id";
  for (const auto& r : rs) {
    SourceRow s;
    s.id = as_u64(r, 0);
    if (!is_null(r, 1)) s.monitor_id = static_cast<std::uint32_t>(as_u64(r, 1));
    s.server_id = static_cast<std::uint32_t>(as_u64(r, 2));
    s.ts = as_i64(r, 3);
    s.score = as_double(r, 4);
    s.step = as_double(r, 5);
    if (!is_null(r, 6)) s.offset = as_double(r, 6);
    if (!is_null(r, 7)) s.rtt = static_cast<std::int32_t>(as_i64(r, 7));
    if (!is_null(r, 8)) s.attributes = r.get<std::string>(8);
    out.push_back(std::move(s));
  }
  return out;
}

std::uint64_t ArchiverTestEnv::row_count(const std::string& table) {
  long long n = 0;
  sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return static_cast<std::uint64_t>(n);
}

void ArchiverTestEnv::set_status(const std::string& archiver, std::optional<std::uint64_t> marker,
                                 const std::string& modified) {
  db_.run_script("INSERT INTO log_scores_archive_status (archiver, log_score_id, modified_on) VALUES (" +
                 sql_quote(archiver) + ", " + (marker ? std::to_string(*marker) : "NULL") + ", " + modified +
                 ") ON DUPLICATE KEY UPDATE log_score_id = VALUES(log_score_id), modified_on = VALUES(modified_on)");
}

std::optional<std::uint64_t> ArchiverTestEnv::marker(const std::string& archiver) {
  soci::indicator ind = soci::i_ok;
  long long value = 0;
  sql() << "SELECT CAST(log_score_id AS SIGNED) FROM log_scores_archive_status WHERE archiver = :a",
      soci::into(value, ind), soci::use(archiver);
  if (!sql().got_data()) throw std::runtime_error("no status row for " + archiver);
  if (ind == soci::i_null) return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

std::int64_t ArchiverTestEnv::modified_unix(const std::string& archiver) {
  long long value = 0;
  sql() << "SELECT UNIX_TIMESTAMP(modified_on) FROM log_scores_archive_status WHERE archiver = :a",
      soci::into(value), soci::use(archiver);
  return value;
}

std::map<std::string, std::string> ArchiverTestEnv::env(const std::map<std::string, std::string>& extra) const {
  // GET_LOCK names are server-wide: each test's runs lock a name of their own, so tests running
  // side by side on the shared server do not exclude each other (tests of the default name
  // unset archiver_lock_name).
  std::map<std::string, std::string> e{{"DATABASE_DSN", db_.dsn_text()},
                                       {"avro_path", avro_dir_.string()},
                                       {"archiver_lock_name", "archiver-{table}-" + db_.name()}};
  for (const auto& [k, v] : extra) e[k] = v;
  return e;
}

ProcessResult ArchiverTestEnv::run(const std::map<std::string, std::string>& extra,
                                   const std::vector<std::string>& args) const {
  std::vector<std::string> argv{program_path("monitor-archiver")};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, env(extra));
}

std::vector<fs::path> ArchiverTestEnv::avro_files() const {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(avro_dir_)) {
    auto name = e.path().filename().string();
    if (!name.starts_with(".") && name.ends_with(".avro")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- readers ----

std::vector<std::uint64_t> read_avro_framing_blocks(const fs::path& file) {
  std::string s = read_file(file);
  std::size_t pos = 0;
  auto read_long = [&] {
    unsigned long long n = 0;
    for (int shift = 0;; shift += 7) {
      auto b = static_cast<unsigned char>(s.at(pos++));
      n |= static_cast<unsigned long long>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return static_cast<long long>(n >> 1) ^ -static_cast<long long>(n & 1);
  };
  if (s.substr(0, 4) != std::string("Obj\x01", 4)) throw std::runtime_error(file.string() + ": not an Avro file");
  pos = 4;
  for (long long n = read_long(); n != 0; n = read_long()) {
    for (long long i = 0; i < n; ++i) {
      pos += static_cast<std::size_t>(read_long());  // key
      pos += static_cast<std::size_t>(read_long());  // value
    }
  }
  std::string sync = s.substr(pos, 16);
  pos += 16;
  std::vector<std::uint64_t> blocks;
  while (pos < s.size()) {
    blocks.push_back(static_cast<std::uint64_t>(read_long()));
    pos += static_cast<std::size_t>(read_long());
    if (s.substr(pos, 16) != sync) throw std::runtime_error(file.string() + ": bad sync marker");
    pos += 16;
  }
  return blocks;
}

std::vector<ArchivedRow> read_avro_with_avro_c(const std::vector<fs::path>& files) {
  std::vector<ArchivedRow> out;
  for (const auto& path : files) {
    avro_file_reader_t reader;
    if (avro_file_reader(path.c_str(), &reader) != 0) {
      throw std::runtime_error("avro-c cannot read " + path.string() + ": " + avro_strerror());
    }
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
    avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
    avro_value_t value;
    avro_generic_value_new(iface, &value);
    auto field = [&](const char* name) {
      avro_value_t f;
      avro_value_get_by_name(&value, name, &f, nullptr);
      return f;
    };
    auto branch = [](avro_value_t f) -> std::optional<avro_value_t> {
      int disc = 0;
      avro_value_get_discriminant(&f, &disc);
      if (disc == 0) return std::nullopt;
      avro_value_t b;
      avro_value_get_current_branch(&f, &b);
      return b;
    };
    int rc = 0;
    while ((rc = avro_file_reader_read_value(reader, &value)) == 0) {
      ArchivedRow r;
      int64_t l = 0;
      int32_t i = 0;
      float fl = 0;
      avro_value_t f = field("id");
      avro_value_get_long(&f, &l);
      r.id = static_cast<std::uint64_t>(l);
      f = field("server_id");
      avro_value_get_int(&f, &i);
      r.server_id = static_cast<std::uint32_t>(i);
      f = field("monitor_id");
      avro_value_get_int(&f, &i);
      r.monitor_id = static_cast<std::uint32_t>(i);
      f = field("ts");
      avro_value_get_long(&f, &l);
      r.ts_micros = l;
      f = field("score");
      avro_value_get_float(&f, &fl);
      r.score = fl;
      f = field("step");
      avro_value_get_float(&f, &fl);
      r.step = fl;
      if (auto b = branch(field("offset"))) {
        avro_value_get_float(&*b, &fl);
        r.offset = fl;
      }
      if (auto b = branch(field("rtt"))) {
        avro_value_get_int(&*b, &i);
        r.rtt = i;
      }
      if (auto b = branch(field("leap"))) {
        avro_value_get_int(&*b, &i);
        r.leap = i;
      }
      if (auto b = branch(field("error"))) {
        const char* s = nullptr;
        size_t size = 0;
        avro_value_get_string(&*b, &s, &size);
        r.error = std::string(s, size > 0 ? size - 1 : 0);
      }
      out.push_back(std::move(r));
    }
    avro_value_decref(&value);
    avro_value_iface_decref(iface);
    avro_schema_decref(schema);
    avro_file_reader_close(reader);
    if (rc != EOF) throw std::runtime_error("avro-c stopped reading " + path.string() + ": " + avro_strerror());
  }
  return out;
}

std::vector<ArchivedRow> read_avro_with_python(const std::vector<fs::path>& files, std::vector<std::string>* ts_types) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(NTPMON_SOURCE_DIR) + "/tests/integration/archiver/read_avro.py"};
  auto paths = paths_as_strings(files);
  argv.insert(argv.end(), paths.begin(), paths.end());
  auto result = run_process(argv);
  if (result.exit_status != 0) throw std::runtime_error("read_avro.py failed: " + result.err);
  std::vector<ArchivedRow> out;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    out.push_back(from_json(j));
    if (ts_types) ts_types->push_back(j.at("ts_type").get<std::string>());
  }
  return out;
}

std::vector<ArchivedRow> read_avro_with_avrocat(const std::vector<fs::path>& files) {
  std::vector<ArchivedRow> out;
  for (const auto& path : files) {
    auto result = run_process({"/usr/bin/avrocat", path.string()});
    if (result.exit_status != 0) throw std::runtime_error("avrocat " + path.string() + " failed: " + result.err);
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) out.push_back(from_json(nlohmann::json::parse(line)));
    }
  }
  return out;
}

std::vector<ArchivedRow> read_clickhouse(const ClickHouseServer& ch, bool final) {
  std::string body = ch.query(
      std::string("SELECT id, monitor_id, server_id, toUInt32(ts) AS ts, toFloat64(score) AS score, "
                  "toFloat64(step) AS step, offset, rtt, leap, error FROM log_scores ") +
      (final ? "FINAL " : "") + "ORDER BY id FORMAT JSONEachRow");
  std::vector<ArchivedRow> out;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) out.push_back(from_json(nlohmann::json::parse(line), true));
  }
  return out;
}

// ---- Child ----

Child::Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) {
    if (v == "\x01unset") {
      merged.erase(k);
    } else {
      merged[k] = v;
    }
  }
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);

  std::string pattern = (fs::temp_directory_path() / "archiver-child-XXXXXX").string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  log_ = pattern;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int rc = ::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
}

Child::~Child() {
  if (pid_ > 0 && !waited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
  std::error_code ignored;
  fs::remove(log_, ignored);
}

void Child::kill(int signal) {
  if (pid_ > 0 && !waited_) ::kill(pid_, signal);
}

bool Child::running() {
  if (waited_) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) waited_ = true;
  return !waited_;
}

int Child::wait() {
  if (!waited_) {
    ::waitpid(pid_, &status_, 0);
    waited_ = true;
  }
  if (WIFSIGNALED(status_)) return -WTERMSIG(status_);
  return WEXITSTATUS(status_);
}

std::string Child::output() const { return read_file(log_); }

}  // namespace ntpmon::test
