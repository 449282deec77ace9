// Real time: DispatcherThread + ThreadPoolExecutor + SystemClock. Short timers, generous
// tolerances: these check wiring and concurrency, the timing rules are tested on a
// ManualClock in dispatcher_test.cpp.
#include "dispatch/dispatcher_thread.h"

#include <doctest/doctest.h>

#include <atomic>

#include "dispatch/dispatch_test_support.h"

namespace overlord {
namespace {

using namespace dispatch_test;

// Sleeps `latency` per send and tracks how many sends overlap, overall and per group key.
class SlowIntegration final : public Integration {
 public:
  explicit SlowIntegration(Duration latency) : latency_(latency) {}
  std::string_view type() const override { return "webhook"; }
  int index() const override { return 0; }
  bool send_resolved() const override { return true; }

  SendResult Send(const Notification& n, Time) override {
    {
      std::lock_guard lock(mu_);
      int& per_key = active_by_key_[n.group_key];
      ++per_key;
      ++active_;
      max_per_key_ = std::max(max_per_key_, per_key);
      max_active_ = std::max(max_active_, active_);
      received_.push_back({n.now, SystemClock().Now()});
    }
    std::this_thread::sleep_for(latency_);
    {
      std::lock_guard lock(mu_);
      --active_by_key_[n.group_key];
      --active_;
    }
    cv_.notify_all();
    return dispatch_test::MakeSendResult(true, false, 200, "");
  }

  // Waits until `n` sends completed or `timeout` passed.
  bool WaitFor(std::size_t n, Duration timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return received_.size() >= n && active_ == 0; });
  }

  struct Receipt {
    Time tick;
    Time wall;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  Duration latency_;
  int active_ = 0;
  int max_active_ = 0;
  int max_per_key_ = 0;
  std::map<std::string, int> active_by_key_;
  std::vector<Receipt> received_;
};

ElasticThreadPoolOptions FourThreads() {
  ElasticThreadPoolOptions o;
  o.min_threads = 4;
  o.max_threads = 4;
  return o;
}

struct RealTime {
  SystemClock clock;
  NotificationLog nflog{nullptr};
  Registry registry;
  ThreadPoolExecutor pool{FourThreads()};
  SlowIntegration* integration = nullptr;
  std::unique_ptr<Dispatcher> dispatcher;

  RealTime(config::Route root, Duration latency) {
    auto cfg = std::make_shared<DispatchConfig>(routes::RoutingTree(root));
    auto slow = std::make_unique<SlowIntegration>(latency);
    integration = slow.get();
    cfg->integrations[root.receiver].push_back(std::move(slow));
    dispatcher = std::make_unique<Dispatcher>(
        DispatcherDeps{clock, nflog, pool, registry, SendOnce, nullptr}, DispatcherOptions{}, cfg);
  }
  Alert Firing(LabelSet labels) {
    Alert a;
    a.labels = std::move(labels);
    a.starts_at = clock.Now();
    a.ends_at = a.starts_at + hours(1);
    a.updated_at = a.starts_at;
    return a;
  }
};

TEST_CASE("thread: flushes at group_wait, to the millisecond") {
  RealTime rt(MakeRoute("team", {"alertname"}, milliseconds(150), seconds(10), hours(1)),
              Duration::zero());
  DispatcherThread thread(*rt.dispatcher, rt.clock);
  std::this_thread::sleep_for(milliseconds(20));  // the thread is now waiting idle
  const Time inserted = rt.clock.Now();
  rt.dispatcher->Insert({rt.Firing({{"alertname", "A"}})});
  REQUIRE(rt.integration->WaitFor(1, seconds(5)));
  thread.Stop();
  rt.dispatcher->WaitIdle();

  std::lock_guard lock(rt.integration->mu_);
  const SlowIntegration::Receipt r = rt.integration->received_[0];
  // The tick is the scheduled deadline: creation (a moment after `inserted`) + group_wait.
  CHECK(r.tick - inserted >= milliseconds(150));
  CHECK(r.tick - inserted < milliseconds(200));
  CHECK(r.wall >= r.tick);
  CHECK(r.wall - r.tick < milliseconds(100));  // loose: shared CI machines
}

TEST_CASE("thread: one group never flushes twice at once; groups flush concurrently") {
  // Sends take longer than group_interval; repeat_interval below group_interval makes every
  // tick send.
  RealTime rt(MakeRoute("team", {"alertname"}, milliseconds(10), milliseconds(50), milliseconds(1)),
              milliseconds(200));
  DispatcherThread thread(*rt.dispatcher, rt.clock);
  rt.dispatcher->Insert({rt.Firing({{"alertname", "A"}}), rt.Firing({{"alertname", "B"}})});
  REQUIRE(rt.integration->WaitFor(6, seconds(10)));
  thread.Stop();
  rt.dispatcher->WaitIdle();

  std::lock_guard lock(rt.integration->mu_);
  CHECK(rt.integration->max_per_key_ == 1);
  CHECK(rt.integration->max_active_ == 2);
}

TEST_CASE("thread: Stop returns promptly with nothing to do") {
  RealTime rt(MakeRoute("team", {}), Duration::zero());
  auto start = std::chrono::steady_clock::now();
  {
    DispatcherThread thread(*rt.dispatcher, rt.clock);
    std::this_thread::sleep_for(milliseconds(10));
  }
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(500));
}

}  // namespace
}  // namespace overlord
