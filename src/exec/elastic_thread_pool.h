// ElasticThreadPool: runs tasks that may block for a long time (an HTTP connection kept
// alive by its client, a flush retrying a receiver that is down) without making the others
// wait. A task that finds no free thread gets a new one, up to `max_threads`; threads
// beyond `min_threads` end after `idle_timeout` without work. A fixed pool let 16 blocked
// tasks hold every thread: 16 idle keep-alive clients kept the next client (maybe the
// Prometheus with an outage's alerts) waiting 30 s, and 16 groups retrying a broken webhook
// held back every other receiver's notifications for their whole retry deadline.
//
//   ElasticThreadPoolOptions o;
//   o.max_threads = 1024;
//   ElasticThreadPool pool(o);
//   pool.Submit([sock] { Serve(sock); });
//   pool.Shutdown();   // runs what is queued, then joins every thread
//
// Thread-safe. Submit after Shutdown runs nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace overlord {

struct ElasticThreadPoolOptions {
  std::size_t min_threads = 16;    // started at once and always kept (at most max_threads)
  std::size_t max_threads = 1024;  // at least 1
  std::chrono::milliseconds idle_timeout{60000};  // before a thread beyond the minimum ends
  // Called (outside the lock) when a task must wait because max_threads are all busy.
  std::function<void()> on_saturated;
  // Run first on every new thread (a thread name, a timer slack).
  std::function<void()> on_thread_start;
};

class ElasticThreadPool {
 public:
  explicit ElasticThreadPool(ElasticThreadPoolOptions options);
  ~ElasticThreadPool();  // Shutdown()
  ElasticThreadPool(const ElasticThreadPool&) = delete;
  ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

  void Submit(std::function<void()> task);
  void Shutdown();

  std::size_t threads() const;  // alive now, for tests and metrics
  std::size_t idle() const;     // alive and not running a task

 private:
  void StartThreadLocked();
  void Work(std::uint64_t id);
  // Threads that have ended, taken out of threads_ to be joined outside the lock.
  std::vector<std::thread> TakeEndedLocked();

  const ElasticThreadPoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::map<std::uint64_t, std::thread> threads_;
  std::vector<std::uint64_t> ended_;
  std::uint64_t next_id_ = 0;
  std::size_t live_ = 0;  // started and not ended
  std::size_t busy_ = 0;  // running a task
  bool stopping_ = false;
};

}  // namespace overlord
