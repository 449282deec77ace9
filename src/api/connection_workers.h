// ConnectionWorkers: the threads that serve HTTP connections, one connection per thread for
// as long as the client keeps it alive (cpp-httplib's model). A fixed pool would let a few
// idle keep-alive clients (dashboards, browsers, other Prometheus servers) hold every
// thread, and the next client, maybe the Prometheus with an outage's alerts, would wait
// for one of them to time out. So a connection that finds no idle thread gets a new one,
// up to `max_threads`; threads beyond `min_threads` end after `idle_timeout` without work.
//
//   ConnectionWorkers workers({.min_threads = 16, .max_threads = 1024});
//   workers.Submit([sock] { Serve(sock); });
//   workers.Shutdown();   // runs what is queued, then joins every thread
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

namespace overlord::api {

struct ConnectionWorkersOptions {
  std::size_t min_threads = 16;  // started at once and always kept
  std::size_t max_threads = 1024;
  std::chrono::milliseconds idle_timeout{60000};  // before a thread beyond the minimum ends
  // Called (outside the lock) when a task must wait because max_threads are all busy.
  std::function<void()> on_saturated;
};

class ConnectionWorkers {
 public:
  explicit ConnectionWorkers(ConnectionWorkersOptions options);
  ~ConnectionWorkers();  // Shutdown()
  ConnectionWorkers(const ConnectionWorkers&) = delete;
  ConnectionWorkers& operator=(const ConnectionWorkers&) = delete;

  void Submit(std::function<void()> task);
  void Shutdown();

  std::size_t threads() const;  // alive now, for tests and metrics
  std::size_t idle() const;     // alive and not running a task

 private:
  void StartThreadLocked();
  void Work(std::uint64_t id);
  // Threads that have ended, taken out of threads_ to be joined outside the lock.
  std::vector<std::thread> TakeEndedLocked();

  const ConnectionWorkersOptions options_;
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

}  // namespace overlord::api
