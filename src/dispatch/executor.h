// Executor: where the dispatcher runs flushes. Flushes of different aggregation groups run
// concurrently on a bounded pool; tests use InlineExecutor so a flush completes inside the
// RunDue call that started it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace overlord {

class Executor {
 public:
  virtual ~Executor() = default;
  // Runs `task` eventually, possibly before Submit returns. Must not throw.
  virtual void Submit(std::function<void()> task) = 0;
};

// Runs each task on the caller's thread, before Submit returns.
class InlineExecutor final : public Executor {
 public:
  void Submit(std::function<void()> task) override { task(); }
};

// A fixed set of worker threads draining one FIFO queue. The destructor finishes the queued
// tasks, then joins the workers. The queue is bounded by its callers: the dispatcher keeps
// at most one task per aggregation group in flight.
class ThreadPoolExecutor final : public Executor {
 public:
  explicit ThreadPoolExecutor(std::size_t threads);
  ~ThreadPoolExecutor() override;
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  void Submit(std::function<void()> task) override;

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace overlord
