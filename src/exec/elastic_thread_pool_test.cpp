#include "exec/elastic_thread_pool.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace overlord {
namespace {

using std::chrono::milliseconds;

// Tasks that stand for kept-alive connections or retrying flushes: each holds its thread
// until the gate opens.
class Gate {
 public:
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void Pass() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

ElasticThreadPoolOptions Options(std::size_t min_threads, std::size_t max_threads) {
  ElasticThreadPoolOptions o;
  o.min_threads = min_threads;
  o.max_threads = max_threads;
  return o;
}

// Polls `done` for up to 10 s: the waits are bounds for a slow machine, not measurements.
template <typename Pred>
bool Eventually(Pred done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return true;
}

// Submits `n` tasks that each count themselves in `started`, then wait for `gate`.
void SubmitHeld(ElasticThreadPool& pool, Gate& gate, std::atomic<int>& started, int n) {
  for (int i = 0; i < n; ++i) {
    pool.Submit([&] {
      ++started;
      gate.Pass();
    });
  }
}

TEST_CASE("a task gets a thread while every warm one is held by another") {
  ElasticThreadPool pool(Options(2, 64));
  CHECK(pool.threads() == 2);
  Gate gate;
  std::atomic<int> started{0};
  SubmitHeld(pool, gate, started, 20);
  // With a fixed pool of 2 only two would run until the gate opened.
  CHECK(Eventually([&] { return started == 20; }));
  CHECK(pool.threads() == 20);
  gate.Open();
  CHECK(Eventually([&] { return pool.idle() == 20; }));
  pool.Shutdown();
}

TEST_CASE("at max_threads a task waits for a thread, and on_saturated says so") {
  std::atomic<int> saturated{0};
  ElasticThreadPoolOptions options = Options(1, 3);
  options.on_saturated = [&] { ++saturated; };
  ElasticThreadPool pool(options);
  Gate first;
  Gate rest;
  std::atomic<int> started{0};
  SubmitHeld(pool, first, started, 1);
  SubmitHeld(pool, rest, started, 3);
  CHECK(Eventually([&] { return started == 3; }));
  CHECK(pool.threads() == 3);
  CHECK(saturated == 1);
  CHECK(started == 3);  // the fourth is queued
  first.Open();         // a thread comes free and takes it
  CHECK(Eventually([&] { return started == 4; }));
  rest.Open();
  pool.Shutdown();
}

TEST_CASE("threads beyond the warm ones end after idle_timeout, and are joined") {
  ElasticThreadPoolOptions options = Options(1, 8);
  options.idle_timeout = milliseconds(20);
  ElasticThreadPool pool(options);
  Gate gate;
  std::atomic<int> started{0};
  SubmitHeld(pool, gate, started, 5);
  CHECK(Eventually([&] { return started == 5; }));
  CHECK(pool.threads() == 5);
  gate.Open();
  CHECK(Eventually([&] { return pool.threads() == 1; }));
  // The warm thread stays; a later task still runs (and the ended threads are joined).
  std::atomic<bool> ran{false};
  pool.Submit([&] { ran = true; });
  CHECK(Eventually([&] { return ran.load(); }));
  CHECK(pool.threads() >= 1);
}

TEST_CASE("every new thread runs on_thread_start first") {
  std::atomic<int> starts{0};
  ElasticThreadPoolOptions options = Options(2, 8);
  options.on_thread_start = [&] { ++starts; };
  ElasticThreadPool pool(options);
  Gate gate;
  std::atomic<int> started{0};
  SubmitHeld(pool, gate, started, 5);
  CHECK(Eventually([&] { return started == 5; }));
  CHECK(starts == 5);
  gate.Open();
  pool.Shutdown();
}

TEST_CASE("warm threads never exceed max_threads, and max_threads is at least 1") {
  ElasticThreadPool capped(Options(16, 2));
  CHECK(capped.threads() == 2);
  ElasticThreadPool zero(Options(0, 0));
  std::atomic<bool> ran{false};
  zero.Submit([&] { ran = true; });
  CHECK(Eventually([&] { return ran.load(); }));
}

TEST_CASE("Shutdown runs what is queued, joins, and later tasks do not run") {
  std::atomic<int> ran{0};
  {
    ElasticThreadPool pool(Options(1, 1));
    Gate gate;
    pool.Submit([&] {
      gate.Pass();
      ++ran;
    });
    for (int i = 0; i < 3; ++i) pool.Submit([&] { ++ran; });
    gate.Open();
    pool.Shutdown();
    CHECK(ran == 4);
    CHECK(pool.threads() == 0);
    pool.Submit([&] { ++ran; });
  }  // the destructor's second Shutdown is harmless
  CHECK(ran == 4);
}

}  // namespace
}  // namespace overlord
