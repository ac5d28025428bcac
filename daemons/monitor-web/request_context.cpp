#include "request_context.h"

#include "ip_address.h"

namespace ntpmon::web {

WebStore& LazyStore::get() {
  if (!store_) {
    lease_.emplace(pool_.acquire());
    store_.emplace(lease_->session(), logger_);
  }
  return *store_;
}

void LazyStore::mark_broken() {
  if (lease_) lease_->mark_broken();
}

bool RequestContext::is_loopback_client() const { return is_loopback_address(request.remote_addr); }

}  // namespace ntpmon::web
