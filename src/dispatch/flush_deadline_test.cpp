// The flush deadline with the real Retrier (spec 12, 16.18): retries stop at
// max(group_interval, 10s) and the next tick tries again.
#include <doctest/doctest.h>

#include "dispatch/dispatch_test_support.h"
#include "receivers/retrier.h"

namespace overlord {
namespace {

using namespace dispatch_test;

class ClockSleeper final : public Sleeper {
 public:
  explicit ClockSleeper(ManualClock& clock) : clock_(clock) {}
  bool SleepFor(Duration d) override {
    clock_.Advance(d);
    return true;
  }

 private:
  ManualClock& clock_;
};

class MidRandom final : public RandomSource {
 public:
  double Uniform01() override { return 0.5; }
};

struct RetryHarness {
  Registry retry_registry;
  MidRandom random;
  std::unique_ptr<ClockSleeper> sleeper;
  std::unique_ptr<Retrier> retrier;
  std::unique_ptr<Harness> h;

  explicit RetryHarness(Duration group_interval) {
    config::Route root = MakeRoute("team", {}, seconds(30), group_interval, hours(4));
    h = std::make_unique<Harness>(root, true,
                                  [this](Integration& i, const Notification& n, Time deadline) {
                                    return retrier->Notify(i, n, deadline);
                                  });
    sleeper = std::make_unique<ClockSleeper>(h->clock);
    retrier = std::make_unique<Retrier>(RetrierDeps{h->clock, *sleeper, random, retry_registry});
  }
};

TEST_CASE("retries end at the flush deadline: group_interval when above 10s") {
  RetryHarness r(minutes(1));
  Harness& h = *r.h;
  for (int i = 0; i < 1000; ++i) h.fake("team").FailNext(503, true);
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(30));

  const Time deadline = kT0 + seconds(30) + minutes(1);
  std::vector<Time> deadlines = h.fake("team").deadlines();
  REQUIRE(deadlines.size() > 5);
  for (Time d : deadlines) CHECK(d == deadline);
  std::vector<FlushRecord> rec = h.TakeRecords();
  REQUIRE(rec.size() == 1);
  CHECK(rec[0].decision == FlushDecision::kFailed);
  CHECK(rec[0].attempts == static_cast<int>(deadlines.size()));
  CHECK(rec[0].error == "team/webhook[0]: notify retry canceled after " +
                            std::to_string(deadlines.size()) +
                            " attempts: unexpected status code 503");
  CHECK(h.clock.Now() == deadline);  // the last backoff wait was cut at the deadline
  CHECK(h.registry.Value("alertmanager_notifications_total", {{"integration", "webhook"}}) == 1);
  CHECK(h.registry.Value("alertmanager_notifications_failed_total",
                         {{"integration", "webhook"}, {"reason", "serverError"}}) == 1);
  // Nothing logged, the alert kept: the next tick (at the deadline) tries again.
  CHECK(h.nflog.size() == 0);
  CHECK(h.dispatcher->NextDeadline() == deadline);
}

TEST_CASE("retries end at the flush deadline: at least 10s; late ticks re-anchor") {
  RetryHarness r(seconds(1));
  Harness& h = *r.h;
  for (int i = 0; i < 1000; ++i) h.fake("team").FailNext(503, true);
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(30));
  CHECK(h.fake("team").deadlines().front() == kT0 + seconds(40));
  CHECK(h.clock.Now() == kT0 + seconds(40));
  // The timer fired (at 31s) while the flush was running; it flushes right after, with its
  // schedule restarted from the present instead of replaying the missed ticks.
  h.TakeRecords();
  h.RunUntil(seconds(40));
  std::vector<FlushRecord> rec = h.TakeRecords();
  REQUIRE(rec.size() == 1);
  CHECK(rec[0].tick == kT0 + seconds(40));
}

}  // namespace
}  // namespace overlord
