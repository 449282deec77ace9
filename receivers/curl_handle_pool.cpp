#include "receivers/curl_handle_pool.h"

#include <utility>

namespace overlord {

CurlHandlePool::Lease::~Lease() {
  if (handle_) pool_.Release(std::move(handle_));
}

CurlHandlePool::Lease CurlHandlePool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      Handle handle = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(handle));
    }
  }
  return Lease(*this, Handle(curl_easy_init()));
}

std::size_t CurlHandlePool::idle() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

void CurlHandlePool::Release(Handle handle) {
  // Back to default options: nothing of this request (headers, body, URL, credentials,
  // pointers into the caller's buffers) may reach the next one. Open connections, the
  // DNS cache and TLS session IDs survive the reset; that is the point of keeping it.
  curl_easy_reset(handle.get());
  {
    std::lock_guard lock(mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(handle));
      return;
    }
  }
  // Over the cap: `handle` and its connections are closed here, outside the lock.
}

}  // namespace overlord
