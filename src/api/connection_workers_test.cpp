#include "api/connection_workers.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace overlord::api {
namespace {

using std::chrono::milliseconds;

// Tasks that stand for kept-alive connections: each holds its thread until the gate opens.
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

ConnectionWorkersOptions Options(std::size_t min_threads, std::size_t max_threads) {
  ConnectionWorkersOptions o;
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

TEST_CASE("a connection gets a thread while every warm one is held by another") {
  ConnectionWorkers workers(Options(2, 64));
  CHECK(workers.threads() == 2);
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 20; ++i) {
    workers.Submit([&] {
      ++started;
      gate.Pass();
    });
  }
  // With a fixed pool of 2 only two would run until the gate opened.
  CHECK(Eventually([&] { return started == 20; }));
  CHECK(workers.threads() == 20);
  gate.Open();
  CHECK(Eventually([&] { return workers.idle() == 20; }));
  workers.Shutdown();
}

TEST_CASE("at max_threads a connection waits for a thread, and on_saturated says so") {
  std::atomic<int> saturated{0};
  ConnectionWorkersOptions options = Options(1, 3);
  options.on_saturated = [&] { ++saturated; };
  ConnectionWorkers workers(options);
  Gate first;
  Gate rest;
  std::atomic<int> started{0};
  workers.Submit([&] {
    ++started;
    first.Pass();
  });
  for (int i = 0; i < 3; ++i) {
    workers.Submit([&] {
      ++started;
      rest.Pass();
    });
  }
  CHECK(Eventually([&] { return started == 3; }));
  CHECK(workers.threads() == 3);
  CHECK(saturated == 1);
  CHECK(started == 3);  // the fourth is queued
  first.Open();         // a thread comes free and takes it
  CHECK(Eventually([&] { return started == 4; }));
  rest.Open();
  workers.Shutdown();
}

TEST_CASE("threads beyond the warm ones end after idle_timeout, and are joined") {
  ConnectionWorkersOptions options = Options(1, 8);
  options.idle_timeout = milliseconds(20);
  ConnectionWorkers workers(options);
  Gate gate;
  std::atomic<int> started{0};
  for (int i = 0; i < 5; ++i) {
    workers.Submit([&] {
      ++started;
      gate.Pass();
    });
  }
  CHECK(Eventually([&] { return started == 5; }));
  CHECK(workers.threads() == 5);
  gate.Open();
  CHECK(Eventually([&] { return workers.threads() == 1; }));
  // The warm thread stays; a later task still runs (and the ended threads are joined).
  std::atomic<bool> ran{false};
  workers.Submit([&] { ran = true; });
  CHECK(Eventually([&] { return ran.load(); }));
  CHECK(workers.threads() >= 1);
}

TEST_CASE("Shutdown runs what is queued, joins, and later tasks do not run") {
  std::atomic<int> ran{0};
  {
    ConnectionWorkers workers(Options(1, 1));
    Gate gate;
    workers.Submit([&] {
      gate.Pass();
      ++ran;
    });
    for (int i = 0; i < 3; ++i) workers.Submit([&] { ++ran; });
    gate.Open();
    workers.Shutdown();
    CHECK(ran == 4);
    CHECK(workers.threads() == 0);
    workers.Submit([&] { ++ran; });
  }  // the destructor's second Shutdown is harmless
  CHECK(ran == 4);
}

}  // namespace
}  // namespace overlord::api
