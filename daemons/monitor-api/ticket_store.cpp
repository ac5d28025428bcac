#include "ticket_store.h"

#include "api/ticket_key_file.h"
#include "pki/error.h"

namespace ntpmon::monitor_api {

namespace {

api::TicketKeyRing read_or_create(const std::filesystem::path& path, const log::Logger& logger) {
  try {
    return api::read_ticket_key_file(path);
  } catch (const pki::PkiFileNotFound&) {
    auto ring = api::TicketKeyRing::generate(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    api::write_ticket_key_file(path, ring);
    logger.info("created the ticket key file", {{"path", path.string()}});
    return ring;
  }
}

}  // namespace

TicketStore::TicketStore(std::filesystem::path path, log::Logger logger)
    : path_(std::move(path)),
      logger_(std::move(logger)),
      ring_(std::make_shared<const api::TicketKeyRing>(read_or_create(path_, logger_))),
      stamp_(stamp_of(path_)) {}

TicketStore::TicketStore(api::TicketKeyRing ring)
    : ring_(std::make_shared<const api::TicketKeyRing>(std::move(ring))) {}

std::shared_ptr<const api::TicketKeyRing> TicketStore::keys() const {
  std::lock_guard lock(mutex_);
  return ring_;
}

void TicketStore::reload_if_changed() {
  if (path_.empty()) return;
  auto stamp = stamp_of(path_);
  {
    std::lock_guard lock(mutex_);
    if (stamp == stamp_) return;
  }
  try {
    auto ring = std::make_shared<const api::TicketKeyRing>(api::read_ticket_key_file(path_));
    std::lock_guard lock(mutex_);
    ring_ = std::move(ring);
    stamp_ = stamp;
    logger_.info("reloaded the ticket keys", {{"path", path_.string()}, {"current_key", int(ring_->current().id)}});
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    stamp_ = stamp;  // report a broken file once, not on every check
    logger_.error("cannot reload the ticket keys; keeping the previous ones", {{"path", path_.string()}, {"error", e}});
  }
}

}  // namespace ntpmon::monitor_api
