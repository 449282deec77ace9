#include "exec/elastic_thread_pool.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace overlord {
namespace {

ElasticThreadPoolOptions Normalized(ElasticThreadPoolOptions options) {
  options.max_threads = std::max<std::size_t>(options.max_threads, 1);
  options.min_threads = std::min(options.min_threads, options.max_threads);
  return options;
}

}  // namespace

ElasticThreadPool::ElasticThreadPool(ElasticThreadPoolOptions options)
    : options_(Normalized(std::move(options))) {
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < options_.min_threads; ++i) StartThreadLocked();
}

ElasticThreadPool::~ElasticThreadPool() { Shutdown(); }

void ElasticThreadPool::Submit(std::function<void()> task) {
  std::vector<std::thread> ended;
  bool saturated = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    ended = TakeEndedLocked();
    queue_.push_back(std::move(task));
    // Every free thread (waiting, or started and not yet waiting) already has a queued task
    // coming its way: start one more.
    if (queue_.size() > live_ - busy_) {
      std::size_t before = live_;
      if (live_ < options_.max_threads) StartThreadLocked();
      saturated = live_ == before;
    }
  }
  cv_.notify_one();
  for (std::thread& t : ended) t.join();
  if (saturated && options_.on_saturated) options_.on_saturated();
}

void ElasticThreadPool::Shutdown() {
  std::map<std::uint64_t, std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
    ended_.clear();
  }
  cv_.notify_all();
  for (auto& [id, t] : threads) t.join();
}

std::size_t ElasticThreadPool::threads() const {
  std::lock_guard lock(mu_);
  return live_;
}

std::size_t ElasticThreadPool::idle() const {
  std::lock_guard lock(mu_);
  return live_ - busy_;
}

void ElasticThreadPool::StartThreadLocked() {
  std::uint64_t id = next_id_++;
  try {
    threads_.emplace(id, std::thread([this, id] { Work(id); }));
    ++live_;
  } catch (const std::system_error&) {
    // Out of threads (ulimit, memory): the task waits for a running thread instead.
  }
}

void ElasticThreadPool::Work(std::uint64_t id) {
  if (options_.on_thread_start) options_.on_thread_start();
  std::unique_lock lock(mu_);
  for (;;) {
    while (queue_.empty() && !stopping_) {
      bool woken = cv_.wait_for(lock, options_.idle_timeout,
                                [this] { return stopping_ || !queue_.empty(); });
      if (!woken && live_ > options_.min_threads) {
        --live_;
        ended_.push_back(id);  // joined by the next Submit or by Shutdown
        return;
      }
    }
    if (queue_.empty()) {  // stopping, and everything queued has run
      --live_;
      return;
    }
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    task();
    task = nullptr;  // what it captured goes before the lock is taken again
    lock.lock();
    --busy_;
  }
}

std::vector<std::thread> ElasticThreadPool::TakeEndedLocked() {
  std::vector<std::thread> out;
  for (std::uint64_t id : ended_) {
    auto it = threads_.find(id);
    if (it == threads_.end()) continue;
    out.push_back(std::move(it->second));
    threads_.erase(it);
  }
  ended_.clear();
  return out;
}

}  // namespace overlord
