#include "migrate/sql_script.h"

#include <cctype>

namespace ntpmon::migrate {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

class Splitter {
 public:
  Splitter(std::string_view script, std::string_view file) : in_(script), file_(file) {}

  std::vector<ScriptStatement> run() {
    while (pos_ < in_.size()) {
      if (at_line_start_ && try_delimiter_line()) continue;
      step();
    }
    finish_statement(in_.size());
    return std::move(out_);
  }

 private:
  // A `DELIMITER x` line (client directive) between statements changes the terminator.
  bool try_delimiter_line() {
    std::size_t p = pos_;
    while (p < in_.size() && (in_[p] == ' ' || in_[p] == '\t')) ++p;
    if (has_code_ || !starts_with_nocase(in_.substr(p), "DELIMITER")) return false;
    std::size_t after = p + 9;
    if (after >= in_.size() || !(in_[after] == ' ' || in_[after] == '\t')) return false;
    std::size_t eol = in_.find('\n', after);
    if (eol == std::string_view::npos) eol = in_.size();
    auto token = trim(in_.substr(after, eol - after));
    if (token.empty()) throw ScriptError(where(line_) + "DELIMITER without a terminator");
    delimiter_ = std::string(token);
    pos_ = eol;
    start_ = eol;
    return true;
  }

  void step() {
    char c = in_[pos_];
    if (c == '\n') {
      ++line_;
      at_line_start_ = true;
      ++pos_;
      return;
    }
    at_line_start_ = false;
    if (in_.compare(pos_, delimiter_.size(), delimiter_) == 0) {
      finish_statement(pos_);
      pos_ += delimiter_.size();
      start_ = pos_;
      return;
    }
    if (c == '-' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '-' &&
        (pos_ + 2 >= in_.size() || std::isspace(static_cast<unsigned char>(in_[pos_ + 2])))) {
      skip_to_eol();
      return;
    }
    if (c == '#') {
      skip_to_eol();
      return;
    }
    if (c == '/' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '*') {
      // `/*! ... */` is executable by MySQL: it counts as code.
      bool executable = pos_ + 2 < in_.size() && in_[pos_ + 2] == '!';
      skip_block_comment();
      if (executable) mark_code();
      return;
    }
    if (c == '\'' || c == '"' || c == '`') {
      mark_code();
      skip_quoted(c);
      return;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) mark_code();
    ++pos_;
  }

  void mark_code() {
    if (!has_code_) {
      has_code_ = true;
      code_line_ = line_;
    }
  }

  void skip_to_eol() {
    while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
  }

  void skip_block_comment() {
    std::size_t open_line = line_;
    pos_ += 2;
    while (pos_ + 1 < in_.size() && !(in_[pos_] == '*' && in_[pos_ + 1] == '/')) {
      if (in_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ + 1 >= in_.size()) throw ScriptError(where(open_line) + "unterminated /* comment");
    pos_ += 2;
  }

  void skip_quoted(char quote) {
    std::size_t open_line = line_;
    ++pos_;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == '\n') ++line_;
      if (c == '\\' && quote != '`') {
        pos_ += 2;
        continue;
      }
      if (c == quote) {
        if (pos_ + 1 < in_.size() && in_[pos_ + 1] == quote) {  // doubled quote
          pos_ += 2;
          continue;
        }
        ++pos_;
        return;
      }
      ++pos_;
    }
    throw ScriptError(where(open_line) + "unterminated " + std::string(1, quote) + " quote");
  }

  void finish_statement(std::size_t end) {
    if (has_code_) {
      auto text = trim(in_.substr(start_, end - start_));
      out_.push_back(ScriptStatement{std::string(text), code_line_});
    }
    has_code_ = false;
  }

  std::string where(std::size_t line) const { return std::string(file_) + ":" + std::to_string(line) + ": "; }

  std::string_view in_;
  std::string_view file_;
  std::string delimiter_ = ";";
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  std::size_t line_ = 1;
  std::size_t code_line_ = 1;
  bool at_line_start_ = true;
  bool has_code_ = false;
  std::vector<ScriptStatement> out_;
};

}  // namespace

std::vector<ScriptStatement> split_sql_script(std::string_view script, std::string_view file) {
  return Splitter(script, file).run();
}

}  // namespace ntpmon::migrate
