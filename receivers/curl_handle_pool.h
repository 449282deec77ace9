// CurlHandlePool: curl easy handles kept between requests, so the connections each one
// keeps open (HTTP keep-alive, TLS sessions) are reused by the next request instead of a
// new TCP (and TLS) handshake per send. Internal to HttpClient; one pool per client, so
// connections are only reused for the same http_config, as Go's per-integration clients.
//
//   CurlHandlePool pool;
//   CurlHandlePool::Lease h = pool.Acquire();   // every option at its default
//   if (!h) ...                                 // out of memory
//   curl_easy_setopt(h.get(), ...); curl_easy_perform(h.get());
//   // ~Lease resets the handle's options and gives it back
//
// Thread-safe: each lease is used by one thread; the idle list is guarded by a mutex.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace overlord {

class CurlHandlePool {
  struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
  };
  using Handle = std::unique_ptr<CURL, EasyDeleter>;

 public:
  // Idle handles beyond `max_idle` are closed when given back (more concurrent sends
  // than that still work, on handles of their own).
  explicit CurlHandlePool(std::size_t max_idle = 16) : max_idle_(max_idle) {}
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  class Lease {
   public:
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    CURL* get() const { return handle_.get(); }
    explicit operator bool() const { return handle_ != nullptr; }

   private:
    friend class CurlHandlePool;
    Lease(CurlHandlePool& pool, Handle handle) : pool_(pool), handle_(std::move(handle)) {}
    CurlHandlePool& pool_;
    Handle handle_;
  };

  // The most recently used idle handle (likeliest to hold a live connection), or a new
  // one; null when curl cannot allocate one.
  Lease Acquire();

  std::size_t idle() const;

 private:
  void Release(Handle handle);

  const std::size_t max_idle_;
  mutable std::mutex mu_;
  std::vector<Handle> idle_;  // back = most recently used
};

}  // namespace overlord
