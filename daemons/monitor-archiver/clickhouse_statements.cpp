#include "clickhouse_statements.h"

#include <stdexcept>

#include "embedded_text.h"

namespace ntpmon::archiver {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string substitute(std::string_view sql, std::string_view name, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < sql.size()) {
    std::size_t open = sql.find('{', pos);
    if (open == std::string_view::npos) {
      out.append(sql.substr(pos));
      break;
    }
    std::size_t close = sql.find('}', open);
    if (close == std::string_view::npos) throw std::logic_error(std::string(name) + ": unclosed '{'");
    out.append(sql.substr(pos, open - pos));
    std::string key(sql.substr(open + 1, close - open - 1));
    auto it = values.find(key);
    if (it == values.end()) throw std::logic_error(std::string(name) + ": no value for {" + key + "}");
    out.append(it->second);
    pos = close + 1;
  }
  return out;
}

}  // namespace

std::string statement_from_text(std::string_view text, std::string_view name,
                                const std::map<std::string, std::string>& values) {
  const std::string header = "-- name: " + std::string(name);
  std::string sql;
  bool inside = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.starts_with("-- name:")) {
      if (inside) break;
      inside = trim(line) == header;
      continue;
    }
    if (!inside || line.empty() || line.starts_with("--")) continue;
    if (!sql.empty()) sql.push_back('\n');
    sql.append(line);
  }
  if (!inside && sql.empty()) throw std::logic_error("no ClickHouse statement named " + std::string(name));
  std::string_view body = trim(sql);
  if (body.ends_with(';')) body.remove_suffix(1);
  return substitute(trim(body), name, values);
}

std::string clickhouse_statement(std::string_view file, std::string_view name,
                                 const std::map<std::string, std::string>& values) {
  return statement_from_text(embedded_text(file), name, values);
}

}  // namespace ntpmon::archiver
