#include "lexer.h"

#include <cctype>

#include "diagnostics.h"

namespace ntpmon::sqlgen {
namespace {

bool is_word_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool is_word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : s_(text), file_(file) {}

  LexResult run() {
    bool space = false;
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
        space = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
        space = true;
      } else if (c == '#' || (c == '-' && peek(1) == '-' && (pos_ + 2 >= s_.size() || is_space(s_[pos_ + 2])))) {
        line_comment(c == '#' ? 1 : 2);
        space = true;
      } else if (c == '/' && peek(1) == '*') {
        block_comment();
        space = true;
      } else {
        Token t = token();
        t.space_before = space || out_.tokens.empty();
        out_.tokens.push_back(std::move(t));
        space = false;
      }
    }
    return std::move(out_);
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
  char peek(std::size_t k) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }

  [[noreturn]] void fail(int line, const std::string& msg) const { throw CodegenError(file_, line, msg); }

  void line_comment(std::size_t marker) {
    Comment c;
    c.kind = CommentKind::Line;
    c.begin = pos_;
    c.line = line_;
    std::size_t start = pos_ + marker;
    std::size_t eol = s_.find('\n', start);
    if (eol == std::string_view::npos) eol = s_.size();
    c.text = std::string(s_.substr(start, eol - start));
    if (!c.text.empty() && c.text.back() == '\r') c.text.pop_back();
    pos_ = eol;
    c.end = pos_;
    c.tokens_before = out_.tokens.size();
    out_.comments.push_back(std::move(c));
  }

  void block_comment() {
    Comment c;
    c.begin = pos_;
    c.line = line_;
    std::size_t close = s_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) fail(line_, "unterminated comment");
    std::string_view inner = s_.substr(pos_ + 2, close - pos_ - 2);
    for (char ch : inner) {
      if (ch == '\n') ++line_;
    }
    if (!inner.empty() && inner[0] == ':') {
      c.kind = CommentKind::Annotation;
      c.text = std::string(inner.substr(1));
    } else if (!inner.empty() && (inner[0] == '!' || inner[0] == '+')) {
      c.kind = CommentKind::Hint;
      c.text = std::string(inner);
    } else {
      c.kind = CommentKind::Block;
      c.text = std::string(inner);
    }
    pos_ = close + 2;
    c.end = pos_;
    c.tokens_before = out_.tokens.size();
    out_.comments.push_back(std::move(c));
  }

  // Skips a quoted run starting at pos_ (the opening quote); backslash escapes and a doubled
  // quote stay inside. Returns the position after the closing quote.
  std::size_t quoted_end(char q, bool backslash) {
    int start_line = line_;
    std::size_t i = pos_ + 1;
    while (i < s_.size()) {
      char ch = s_[i];
      if (ch == '\n') ++line_;
      if (backslash && ch == '\\' && i + 1 < s_.size()) {
        if (s_[i + 1] == '\n') ++line_;
        i += 2;
        continue;
      }
      if (ch == q) {
        if (i + 1 < s_.size() && s_[i + 1] == q) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      ++i;
    }
    fail(start_line, q == '`' ? "unterminated quoted identifier" : "unterminated string literal");
  }

  Token token() {
    Token t;
    t.begin = pos_;
    t.line = line_;
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c == '\'' || c == '"') {
      t.kind = TokKind::String;
      t.quote = static_cast<char>(c);
      pos_ = quoted_end(static_cast<char>(c), true);
      t.text = std::string(s_.substr(t.begin, pos_ - t.begin));
    } else if (c == '`') {
      t.kind = TokKind::QuotedIdent;
      pos_ = quoted_end('`', false);
      std::string name;
      for (std::size_t i = t.begin + 1; i + 1 < pos_; ++i) {
        name += s_[i];
        if (s_[i] == '`') ++i;  // `` inside a quoted identifier is one backquote
      }
      t.text = name;
    } else if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))) && !after_name())) {
      t.kind = TokKind::Number;
      number();
      t.text = std::string(s_.substr(t.begin, pos_ - t.begin));
    } else if (is_word_start(c)) {
      std::size_t i = pos_;
      while (i < s_.size() && is_word_char(static_cast<unsigned char>(s_[i]))) ++i;
      std::string_view word = s_.substr(pos_, i - pos_);
      bool prefix = word.size() == 1 ? std::string_view("xXbBnN").find(word[0]) != std::string_view::npos
                                     : word[0] == '_';
      if (prefix && i < s_.size() && s_[i] == '\'') {
        // X'0A', N'text', _utf8mb4'text': one string literal, kept verbatim
        t.kind = TokKind::String;
        pos_ = i;
        pos_ = quoted_end('\'', true);
        t.text = std::string(s_.substr(t.begin, pos_ - t.begin));
      } else {
        t.kind = TokKind::Ident;
        t.text = std::string(word);
        pos_ = i;
      }
    } else if (c == ':' && is_word_start(static_cast<unsigned char>(peek(1)))) {
      t.kind = TokKind::Param;
      std::size_t i = pos_ + 1;
      while (i < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i])) || s_[i] == '_')) ++i;
      t.text = std::string(s_.substr(pos_ + 1, i - pos_ - 1));
      pos_ = i;
    } else if (c == '?') {
      t.kind = TokKind::Positional;
      t.text = "?";
      ++pos_;
    } else if (c == '@') {
      t.kind = TokKind::Variable;
      std::size_t i = pos_ + 1;
      if (i < s_.size() && s_[i] == '@') ++i;
      if (i < s_.size() && (s_[i] == '`' || s_[i] == '\'' || s_[i] == '"')) {
        std::size_t save = pos_;
        pos_ = i;
        i = quoted_end(s_[i], s_[i] != '`');
        pos_ = save;
      } else {
        while (i < s_.size() && (is_word_char(static_cast<unsigned char>(s_[i])) || s_[i] == '.')) ++i;
      }
      t.text = std::string(s_.substr(pos_, i - pos_));
      pos_ = i;
    } else {
      t.kind = TokKind::Op;
      static const char* const kOps[] = {"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"};
      for (const char* op : kOps) {
        std::string_view o(op);
        if (s_.substr(pos_, o.size()) == o) {
          t.text = std::string(o);
          pos_ += o.size();
          t.end = pos_;
          return t;
        }
      }
      t.text = std::string(1, static_cast<char>(c));
      ++pos_;
    }
    t.end = pos_;
    return t;
  }

  bool after_name() const {
    if (out_.tokens.empty()) return false;
    const Token& p = out_.tokens.back();
    return (p.kind == TokKind::Ident || p.kind == TokKind::QuotedIdent || (p.kind == TokKind::Op && p.text == ")")) &&
           p.end == pos_;
  }

  void number() {
    if (s_[pos_] == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos_ += 2;
      while (pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return;
    }
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t i = pos_ + 1;
      if (i < s_.size() && (s_[i] == '+' || s_[i] == '-')) ++i;
      if (i < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i]))) {
        pos_ = i;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      }
    }
  }

  std::string_view s_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  LexResult out_;
};

}  // namespace

LexResult lex(std::string_view text, const std::string& file) { return Lexer(text, file).run(); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace ntpmon::sqlgen
