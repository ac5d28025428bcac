#include "state/app_config.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "api/connect_error.h"
#include "api/ip_address.h"
#include "pki/csr.h"
#include "pki/error.h"
#include "pki/file_io.h"
#include "state/state_dir.h"

namespace ntpmon::agent {
namespace {

constexpr unsigned kStateFileMode = 0600;  // it holds the API key (§21 A22)

std::string utc_stamp(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool path_exists(const std::filesystem::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0;
}

// §6 step 6: an empty ip unassigns the family; otherwise it must be an address of the
// family. Throws std::runtime_error naming the bad value.
FamilyState family_from_api(const api::FamilyStatus& in, AddressFamily family) {
  if (in.ip.empty()) return {};
  const auto name = std::string(protocol_name(family));
  const auto ip = api::parse_ip(in.ip);
  if (!ip) throw std::runtime_error("error parsing " + name + " address \"" + in.ip + "\"");
  const bool v4 = ip->family == api::IpFamily::v4;
  if (v4 != (family == AddressFamily::v4)) {
    throw std::runtime_error("expected " + name + " address, got " + in.ip);
  }
  return FamilyState{in.status, ip->to_string()};
}

}  // namespace

AppConfig::AppConfig(AppConfigOptions options)
    : env_(options.env),
      base_dir_(options.base_dir),
      env_dir_(ensure_env_dir(options.base_dir, options.env)),
      api_(std::move(options.api)),
      runtime_directory_(std::move(options.runtime_directory)),
      logger_(options.logger.with({{"env", to_string(options.env)}})),
      certs_(env_dir_) {}

// ---- accessors ----

std::string AppConfig::api_key() const {
  std::shared_lock lock(mutex_);
  return state_.api_key;
}

bool AppConfig::api_key_unauthorized() const {
  std::shared_lock lock(mutex_);
  return unauthorized_;
}

std::string AppConfig::server_name() const {
  std::shared_lock lock(mutex_);
  return state_.data.name;
}

std::string AppConfig::tls_name() const {
  std::shared_lock lock(mutex_);
  return state_.data.tls_name;
}

FamilyState AppConfig::ipv4() const {
  std::shared_lock lock(mutex_);
  return state_.data.ipv4;
}

FamilyState AppConfig::ipv6() const {
  std::shared_lock lock(mutex_);
  return state_.data.ipv6;
}

FamilyState AppConfig::family(AddressFamily f) const { return f == AddressFamily::v4 ? ipv4() : ipv6(); }

bool AppConfig::is_live(AddressFamily f) const { return agent::is_live(family(f), f); }

std::string AppConfig::data_sha() const {
  std::shared_lock lock(mutex_);
  return state_.data_sha;
}

std::string AppConfig::cached_otlp_log_level() const {
  std::shared_lock lock(mutex_);
  return state_.data.otlp_log_level;
}

StateFile AppConfig::snapshot() const {
  std::shared_lock lock(mutex_);
  return state_;
}

// ---- mutators ----

void AppConfig::set_api_key(const std::string& key) {
  bool changed;
  {
    std::unique_lock lock(mutex_);
    changed = state_.api_key != key;
    state_.api_key = key;
    if (changed) unauthorized_ = false;
  }
  try {
    save();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("could not store API key: ") + e.what());
  }
  if (!changed) return;
  notifier_.notify();
  std::function<void()> request;
  {
    std::lock_guard lock(reload_mutex_);
    request = reload_requester_;
  }
  if (request) request();
}

void AppConfig::set_cached_otlp_log_level(const std::string& level) {
  {
    std::unique_lock lock(mutex_);
    if (state_.data.otlp_log_level == level) return;
    state_.data.otlp_log_level = level;
    state_.data_sha = agent::data_sha(state_.data);
  }
  save();
}

void AppConfig::set_reload_requester(std::function<void()> request) {
  std::lock_guard lock(reload_mutex_);
  reload_requester_ = std::move(request);
}

// ---- persistence ----

void AppConfig::save() {
  std::lock_guard save_lock(save_mutex_);
  const std::string text = encode_state_file(snapshot());
  try {
    pki::write_file_atomic(state_path(), text, kStateFileMode);
  } catch (const pki::PkiError& e) {
    logger_.warn("failed to write state file", {{"path", state_path().string()}, {"err", e.what()}});
    throw std::runtime_error(e.what());
  }
  last_saved_ = text;
}

bool AppConfig::state_file_is_own_write() const {
  std::lock_guard save_lock(save_mutex_);
  if (!last_saved_) return false;
  try {
    return pki::read_file(state_path()) == *last_saved_;
  } catch (const pki::PkiError&) {
    return false;
  }
}

bool AppConfig::state_file_changed_since(const std::optional<std::string>& read) const {
  std::optional<std::string> now;
  try {
    now = pki::read_file(state_path());
  } catch (const pki::PkiError&) {
  }
  return now != read;
}

AppConfig::ReadResult AppConfig::read_state_file(std::optional<std::string>& read) {
  read.reset();
  std::string text;
  try {
    text = pki::read_file(state_path());
    read = text;
  } catch (const pki::PkiFileNotFound&) {
    return ReadResult::missing;
  } catch (const pki::PkiError& e) {
    logger_.warn("failed to read state file", {{"path", state_path().string()}, {"err", e.what()}});
    throw std::runtime_error(std::string("failed to read state file: ") + e.what());
  }
  try {
    std::unique_lock lock(mutex_);
    merge_state_file(text, state_);
    return ReadResult::read;
  } catch (const StateParseError& e) {
    move_corrupt_file_aside(e.what());
    return ReadResult::corrupt;
  }
}

void AppConfig::move_corrupt_file_aside(const std::string& why) {
  const std::filesystem::path from = state_path();
  std::filesystem::path to = from;
  to += ".corrupt-" + utc_stamp(std::chrono::system_clock::now());
  for (int n = 1; path_exists(to) && n < 1000; ++n) {
    to = from;
    to += ".corrupt-" + utc_stamp(std::chrono::system_clock::now()) + "-" + std::to_string(n);
  }
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    logger_.error("state file is corrupt and could not be moved aside",
                  {{"path", from.string()}, {"err", why}, {"rename_error", std::strerror(errno)}});
    throw std::runtime_error("corrupt state file " + from.string() + " (" + why + ") could not be moved aside");
  }
  logger_.error("state file is corrupt; moved it aside and continuing without it; run `ntppool-agent setup` to "
                "register again if the monitor stops working",
                {{"path", from.string()}, {"moved_to", to.string()}, {"err", why}});
}

void AppConfig::migrate_from_runtime_dir() {
  if (!runtime_directory_ || runtime_directory_->empty()) return;
  const std::filesystem::path old_dir = std::filesystem::path(*runtime_directory_) / std::string(to_string(env_));
  std::string old_state;
  try {
    old_state = pki::read_file(old_dir / kStateFileName);
  } catch (const pki::PkiFileNotFound&) {
    return;
  } catch (const pki::PkiError& e) {
    logger_.debug("could not read state in runtime directory", {{"err", e.what()}});
    return;
  }
  logger_.info("migrating state from runtime directory",
               {{"from", (old_dir / kStateFileName).string()}, {"to", state_path().string()}});
  try {
    pki::write_file_atomic(state_path(), old_state, kStateFileMode);
  } catch (const pki::PkiError& e) {
    logger_.warn("failed to migrate state file", {{"err", e.what()}});
    return;
  }
  try {
    std::unique_lock lock(mutex_);
    merge_state_file(old_state, state_);
  } catch (const StateParseError& e) {
    logger_.warn("migrated state file is not valid", {{"err", e.what()}});
  }
  for (const char* name : {kCertificateFileName, kPrivateKeyFileName}) {
    std::string content;
    try {
      content = pki::read_file(old_dir / name);
    } catch (const pki::PkiFileNotFound&) {
      continue;
    } catch (const pki::PkiError& e) {
      logger_.debug("could not read certificate file in runtime directory", {{"file", name}, {"err", e.what()}});
      continue;
    }
    try {
      const bool is_key = std::string_view(name) == kPrivateKeyFileName;
      pki::write_file_atomic(env_dir_ / name, content, is_key ? pki::kPrivateKeyFileMode : pki::kCertificateFileMode);
      logger_.info("migrated certificate file", {{"file", name}});
    } catch (const pki::PkiError& e) {
      logger_.warn("failed to migrate certificate file", {{"file", name}, {"err", e.what()}});
    }
  }
  logger_.info("successfully migrated state from runtime directory");
}

bool AppConfig::load_certificates_from_disk() {
  try {
    return certs_.load() == CertificateStore::LoadResult::loaded_new;
  } catch (const std::exception& e) {
    logger_.warn("load certificate", {{"err", e.what()}});
    return false;
  }
}

// ---- the HTTP config ----

void AppConfig::log_config_changed(const StateDataPart& d) const {
  logger_.info("config changed", {{"name", d.name},
                                  {"tls_name", d.tls_name},
                                  {"ipv4.ip", d.ipv4.ip.value_or("")},
                                  {"ipv4.status", d.ipv4.status},
                                  {"ipv6.ip", d.ipv6.ip.value_or("")},
                                  {"ipv6.status", d.ipv6.status}});
}

bool AppConfig::apply_fetched_config(const api::MonitorStatusConfig& config) {
  FamilyState v4 = family_from_api(config.ipv4, AddressFamily::v4);
  FamilyState v6 = family_from_api(config.ipv6, AddressFamily::v6);
  StateDataPart data;
  {
    std::unique_lock lock(mutex_);
    unauthorized_ = false;
    state_.data.name = config.name;
    state_.data.tls_name = config.tls_name;
    state_.data.ipv4 = std::move(v4);
    state_.data.ipv6 = std::move(v6);
    const std::string sha = agent::data_sha(state_.data);
    if (sha == state_.data_sha) return false;
    state_.data_sha = sha;
    data = state_.data;
  }
  log_config_changed(data);
  return true;
}

void AppConfig::maybe_request_certificate(const std::string& api_key, bool explicitly_requested,
                                          std::stop_token stop) {
  const auto validity = certs_.validity();
  bool wanted = explicitly_requested || !validity.have_certificate;
  if (validity.have_certificate && !validity.valid) {
    logger_.info("certificate expiring, request renewal", {{"nextCheck", validity.next_check}});
    wanted = true;
  }
  if (!wanted) return;
  const StateFile s = snapshot();
  const auto issuable = [](const FamilyState& f) { return f.status == "active" || f.status == "testing"; };
  if (!issuable(s.data.ipv4) && !issuable(s.data.ipv6)) {
    logger_.debug("monitor not active or testing: no certificate requested");
    return;
  }
  try {
    const pki::PrivateKey key = certs_.ensure_private_key();
    pki::CsrOptions csr_options;
    if (!s.data.tls_name.empty()) {
      csr_options.common_name = s.data.tls_name;
      csr_options.dns_names = {s.data.tls_name};
    }
    const std::string csr = pki::make_csr_pem(key, csr_options);
    const api::CertificateResponse issued = api_->request_certificate(api_key, csr, stop);
    certs_.save_certificate(issued.certificate);
    const bool changed = certs_.install(issued.certificate, key.to_pem());
    logger_.info("certificate installed", {{"tls_name", issued.tls_name},
                                           {"serial", issued.serial},
                                           {"not_after", api::format_timestamp(issued.not_after)}});
    if (changed) notifier_.notify();
  } catch (const api::ApiError& e) {
    if (e.code() == api::ErrorCode::permission_denied || e.code() == api::ErrorCode::failed_precondition) {
      logger_.info("certificate not issued", {{"reason", e.what()}});
    } else {
      logger_.warn("certificate request failed", {{"err", e.what()}});
    }
  } catch (const std::exception& e) {
    logger_.warn("certificate request failed", {{"err", e.what()}});
  }
}

// ---- load ----

LoadOutcome AppConfig::load_local() {
  std::lock_guard load_lock(load_mutex_);
  const std::string key_before = api_key();
  std::optional<std::string> read;
  try {
    if (read_state_file(read) == ReadResult::missing) migrate_from_runtime_dir();
  } catch (const std::exception& e) {
    return {LoadStatus::failed, e.what(), true};
  }
  const bool cert_changed = load_certificates_from_disk();
  if (api_key() != key_before || cert_changed) notifier_.notify();
  return {};
}

LoadOutcome AppConfig::load(std::stop_token stop, bool request_certificate) {
  std::lock_guard load_lock(load_mutex_);
  const std::string key_before = api_key();

  bool existed = false;
  std::optional<std::string> read;
  try {
    switch (read_state_file(read)) {
      case ReadResult::read: existed = true; break;
      case ReadResult::missing:
        migrate_from_runtime_dir();
        try {
          read = pki::read_file(state_path());  // what the migration wrote, if anything
        } catch (const pki::PkiError&) {
        }
        break;
      case ReadResult::corrupt: read.reset(); break;  // moved aside: write the in-memory state back
    }
  } catch (const std::exception& e) {
    return {LoadStatus::failed, e.what(), true};
  }

  const bool cert_changed = load_certificates_from_disk();
  const std::string key = api_key();
  const bool local_change = key != key_before || cert_changed;
  if (key != key_before) {
    std::unique_lock lock(mutex_);
    unauthorized_ = false;
  }
  if (local_change) notifier_.notify();

  bool data_changed = false;
  if (!key.empty() && api_) {
    api::MonitorStatusConfig fetched;
    try {
      fetched = api_->fetch_config(key, stop);
    } catch (const ApiAuthorizationError& e) {
      {
        std::unique_lock lock(mutex_);
        unauthorized_ = true;
      }
      logger_.warn("API authorization failed");
      return {LoadStatus::unauthorized, e.what()};
    } catch (const std::exception& e) {
      return {LoadStatus::failed, e.what()};
    }
    try {
      data_changed = apply_fetched_config(fetched);
    } catch (const std::exception& e) {
      return {LoadStatus::failed, e.what()};
    }
    if (data_changed) notifier_.notify();
    maybe_request_certificate(key, request_certificate, stop);
  }

  // A local change came from the files themselves (state.json, the certificate): nothing new
  // to write, and not writing cannot clobber another writer's newer state.json.
  if (!existed || data_changed) {
    if (state_file_changed_since(read)) {
      // Another writer (setup) replaced state.json while this load ran: keep its file; the
      // file event makes the config manager load it.
      logger_.debug("state file changed during the load; not overwriting it");
      return {};
    }
    try {
      save();
    } catch (const std::exception& e) {
      return {LoadStatus::failed, std::string("failed to write state file: ") + e.what(), true};
    }
  }
  return {};
}

}  // namespace ntpmon::agent
