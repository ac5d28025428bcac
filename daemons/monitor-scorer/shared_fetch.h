#pragma once
// The rows after a cursor, read once per round for all scorers that stand at that cursor
// (with a backlog, `every` and `recentmedian` usually do): the second scorer uses the first
// one's result instead of reading the same rows again. Each scorer still reads its cursor and
// gaps under its own lock and keeps its own cursor and gap bookkeeping, based on exactly the
// rows it was given, so sharing changes no result: a row committed late is a gap for both.

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "input_row.h"

namespace ntpmon::scorer {

class SharedFetch {
 public:
  using Rows = std::vector<InputRow>;

  // The rows after `after_id` (at most `limit`): read by `fetch` unless another scorer of the
  // round has read (or is reading) them. A failed read is not kept.
  std::shared_ptr<const Rows> get(std::uint64_t after_id, std::uint64_t limit, const std::function<Rows()>& fetch);

  std::uint64_t reads() const;   // fetches done
  std::uint64_t shared() const;  // results handed out without a fetch

 private:
  using Key = std::pair<std::uint64_t, std::uint64_t>;
  mutable std::mutex mutex_;
  std::map<Key, std::shared_future<std::shared_ptr<const Rows>>> entries_;
  std::uint64_t reads_ = 0;
  std::uint64_t shared_ = 0;
};

}  // namespace ntpmon::scorer
