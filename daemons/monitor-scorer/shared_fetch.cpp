#include "shared_fetch.h"

namespace ntpmon::scorer {

std::shared_ptr<const SharedFetch::Rows> SharedFetch::get(std::uint64_t after_id, std::uint64_t limit,
                                                          const std::function<Rows()>& fetch) {
  const Key key{after_id, limit};
  std::shared_future<std::shared_ptr<const Rows>> existing;
  std::promise<std::shared_ptr<const Rows>> promise;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      existing = it->second;
      ++shared_;
    } else {
      entries_.emplace(key, promise.get_future().share());
      ++reads_;
    }
  }
  if (existing.valid()) return existing.get();  // the reader's error, if it failed
  try {
    auto rows = std::make_shared<const Rows>(fetch());
    promise.set_value(rows);
    return rows;
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    entries_.erase(key);
    throw;
  }
}

std::uint64_t SharedFetch::reads() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

std::uint64_t SharedFetch::shared() const {
  std::lock_guard lock(mutex_);
  return shared_;
}

}  // namespace ntpmon::scorer
