#include "selection/account_flags.h"

#include <nlohmann/json.hpp>

#include <limits>

#include "selection/constants.h"

namespace ntpmon::selection {
namespace {

enum class Member { none, unknown, monitor_limit, per_server_limit, monitor_enabled };

// Go's case-insensitive field match: ASCII case folding plus U+017F (long s) ~ 's' and
// U+212A (Kelvin sign) ~ 'k'.
std::string fold_key(const std::string& key) {
  std::string out;
  out.reserve(key.size());
  for (std::size_t i = 0; i < key.size(); ++i) {
    const auto c = static_cast<unsigned char>(key[i]);
    if (c == 0xC5 && i + 1 < key.size() && static_cast<unsigned char>(key[i + 1]) == 0xBF) {
      out += 's';
      i += 1;
    } else if (c == 0xE2 && i + 2 < key.size() && static_cast<unsigned char>(key[i + 1]) == 0x84 &&
               static_cast<unsigned char>(key[i + 2]) == 0xAA) {
      out += 'k';
      i += 2;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Member member_for(const std::string& key) {
  const std::string folded = fold_key(key);
  if (folded == "monitor_limit") return Member::monitor_limit;
  if (folded == "monitors_per_server_limit") return Member::per_server_limit;
  if (folded == "monitor_enabled") return Member::monitor_enabled;
  return Member::unknown;
}

// Walks the SAX events of the flags: depth 1 is the top-level object, whose member values
// are checked against the Go field types; deeper values belong to unknown members.
class FlagsDecoder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::optional<std::int64_t> limit;
  std::optional<std::string> error;

  bool null() override { return scalar(Kind::null); }
  bool boolean(bool) override { return scalar(Kind::boolean); }
  bool number_integer(number_integer_t value) override { return integer(value); }
  bool number_unsigned(number_unsigned_t value) override {
    if (value > static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return scalar(Kind::bad_number);
    }
    return integer(static_cast<std::int64_t>(value));
  }
  bool number_float(number_float_t, const string_t&) override { return scalar(Kind::bad_number); }
  bool string(string_t&) override { return scalar(Kind::string); }
  bool binary(binary_t&) override { return scalar(Kind::string); }

  bool start_object(std::size_t) override {
    if (depth_ == 0) {
      ++depth_;
      return true;
    }
    container_value();
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) {
      type_error("an array");
    } else {
      container_value();
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& name) override {
    if (depth_ == 1) pending_ = member_for(name);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error = "invalid JSON at byte " + std::to_string(position) + ": " + e.what();
    return false;
  }

 private:
  enum class Kind { null, boolean, string, bad_number };

  bool scalar(Kind kind) {
    if (depth_ == 0) {
      if (kind != Kind::null) type_error("not a JSON object");
      return true;
    }
    if (depth_ != 1) return true;
    const Member m = take_pending();
    if (kind == Kind::null || m == Member::unknown || m == Member::none) return true;
    if (m == Member::monitor_enabled) {
      if (kind != Kind::boolean) type_error("monitor_enabled is not true or false");
      return true;
    }
    type_error(kind == Kind::bad_number ? "a limit is not an integer in int64 range" : "a limit is not a number");
    return true;
  }

  bool integer(std::int64_t value) {
    if (depth_ == 0) {
      type_error("not a JSON object");
      return true;
    }
    if (depth_ != 1) return true;
    const Member m = take_pending();
    if (m == Member::per_server_limit) {
      limit = value;
    } else if (m == Member::monitor_enabled) {
      type_error("monitor_enabled is not true or false");
    }
    return true;
  }

  void container_value() {
    if (depth_ != 1) return;
    const Member m = take_pending();
    if (m == Member::monitor_limit || m == Member::per_server_limit || m == Member::monitor_enabled) {
      type_error("a known member holds an object or array");
    }
  }

  Member take_pending() {
    const Member m = pending_;
    pending_ = Member::none;
    return m;
  }

  void type_error(const std::string& what) {
    if (!error) error = "flags do not decode: " + what;
  }

  int depth_ = 0;
  Member pending_ = Member::none;
};

}  // namespace

AccountFlagsLimit per_server_limit_from_flags(const std::optional<std::string>& flags) {
  AccountFlagsLimit out;
  out.per_server_limit = kDefaultAccountLimit;
  if (!flags) return out;
  FlagsDecoder decoder;
  const bool ok = nlohmann::json::sax_parse(*flags, &decoder);
  if (!ok && !decoder.error) decoder.error = "invalid JSON";
  if (decoder.error) {
    out.decode_error = decoder.error;
    return out;
  }
  if (decoder.limit && *decoder.limit > 0) out.per_server_limit = *decoder.limit;
  return out;
}

}  // namespace ntpmon::selection
