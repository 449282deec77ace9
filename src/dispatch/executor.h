// Executor: where the dispatcher runs flushes. Flushes of different aggregation groups run
// concurrently, each on a thread of its own (ThreadPoolExecutor); tests use InlineExecutor
// so a flush completes inside the RunDue call that started it.
#pragma once

#include <functional>
#include <utility>

#include "exec/elastic_thread_pool.h"

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

// Flushes on an ElasticThreadPool: a flush that finds every thread busy (with receivers that
// hang, or retries sleeping out their backoff) gets a thread of its own, so a broken receiver
// never delays another receiver's notifications. The destructor runs the queued flushes, then
// joins. The dispatcher keeps at most one flush per aggregation group in flight, so the
// groups bound the threads, as well as `max_threads`.
class ThreadPoolExecutor final : public Executor {
 public:
  explicit ThreadPoolExecutor(ElasticThreadPoolOptions options);

  void Submit(std::function<void()> task) override { pool_.Submit(std::move(task)); }

 private:
  ElasticThreadPool pool_;
};

}  // namespace overlord
