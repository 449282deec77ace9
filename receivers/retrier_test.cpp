#include "receivers/retrier.h"

#include <doctest/doctest.h>

#include <deque>
#include <thread>

namespace overlord {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Time kStart = FromUnixSeconds(1'700'000'000);

// Sleeping advances the manual clock and records the wait.
class ClockSleeper final : public Sleeper {
 public:
  explicit ClockSleeper(ManualClock& clock) : clock_(clock) {}
  bool SleepFor(Duration d) override {
    waits.push_back(d);
    clock_.Advance(d);
    return !interrupt_after || static_cast<int>(waits.size()) < interrupt_after;
  }
  std::vector<Duration> waits;
  int interrupt_after = 0;  // the n-th sleep reports an interruption

 private:
  ManualClock& clock_;
};

class FixedRandom final : public RandomSource {
 public:
  explicit FixedRandom(double v) : v_(v) {}
  double Uniform01() override { return v_; }

 private:
  double v_;
};

// Returns scripted results; each attempt takes `cost` of manual time.
class ScriptedIntegration final : public Integration {
 public:
  ScriptedIntegration(ManualClock& clock, std::deque<SendResult> script)
      : clock_(clock), script_(std::move(script)) {}
  std::string_view type() const override { return "webhook"; }
  int index() const override { return 3; }
  bool send_resolved() const override { return true; }
  SendResult Send(const Notification&, Time deadline) override {
    deadlines.push_back(deadline);
    clock_.Advance(cost);
    if (script_.size() > 1) {
      SendResult r = script_.front();
      script_.pop_front();
      return r;
    }
    return script_.front();
  }
  Duration cost = milliseconds(100);
  std::vector<Time> deadlines;

 private:
  ManualClock& clock_;
  std::deque<SendResult> script_;
};

SendResult Ok() { return {.ok = true, .retryable = false, .status_code = 200, .error = "", .retry_after = {}}; }
SendResult Fail5xx() {
  return {
      .ok = false, .retryable = true, .status_code = 500, .error = "unexpected status code 500", .retry_after = {}};
}
SendResult Fail4xx() {
  return {.ok = false,
          .retryable = false,
          .status_code = 400,
          .error = "unexpected status code 400: bad",
          .retry_after = {}};
}

struct Fixture {
  ManualClock clock{kStart};
  ClockSleeper sleeper{clock};
  FixedRandom random{0.5};  // no jitter
  Registry registry;
  Retrier retrier{{clock, sleeper, random, registry}};
  Notification notification;
  Fixture() { notification.receiver = "team"; }
  double Metric(std::string_view name) {
    return registry.Value(name, {{"integration", "webhook"}});
  }
};

TEST_CASE("success on the first attempt does not wait") {
  Fixture f;
  ScriptedIntegration integration(f.clock, {Ok()});
  RetryOutcome out = f.retrier.Notify(integration, f.notification, kStart + seconds(10));
  CHECK(out.ok);
  CHECK(out.attempts == 1);
  CHECK(out.error.empty());
  CHECK(f.sleeper.waits.empty());
  CHECK(integration.deadlines == std::vector<Time>{kStart + seconds(10)});
  CHECK(f.Metric("alertmanager_notification_requests_total") == 1);
  CHECK(f.Metric("alertmanager_notification_requests_failed_total") == 0);
}

TEST_CASE("retryable failures back off 0.5s, x1.5 until success") {
  Fixture f;
  ScriptedIntegration integration(f.clock, {Fail5xx(), Fail5xx(), Fail5xx(), Ok()});
  RetryOutcome out = f.retrier.Notify(integration, f.notification, kStart + seconds(60));
  CHECK(out.ok);
  CHECK(out.attempts == 4);
  CHECK(f.sleeper.waits ==
        std::vector<Duration>{milliseconds(500), milliseconds(750), milliseconds(1125)});
  CHECK(f.Metric("alertmanager_notification_requests_total") == 4);
  CHECK(f.Metric("alertmanager_notification_requests_failed_total") == 3);
}

TEST_CASE("a non-retryable failure stops at once") {
  Fixture f;
  ScriptedIntegration integration(f.clock, {Fail5xx(), Fail4xx(), Ok()});
  RetryOutcome out = f.retrier.Notify(integration, f.notification, kStart + seconds(60));
  CHECK_FALSE(out.ok);
  CHECK(out.unrecoverable);
  CHECK(out.attempts == 2);
  CHECK(out.last.status_code == 400);
  CHECK(out.error ==
        "team/webhook[3]: notify retry canceled due to unrecoverable error after 2 attempts: "
        "unexpected status code 400: bad");
}

TEST_CASE("the deadline ends the loop with the last error; no wait passes it") {
  Fixture f;
  ScriptedIntegration integration(f.clock, {Fail5xx()});
  const Time deadline = kStart + seconds(3);
  RetryOutcome out = f.retrier.Notify(integration, f.notification, deadline);
  CHECK_FALSE(out.ok);
  CHECK_FALSE(out.unrecoverable);
  // Attempts at 0, 0.6, 1.45, 2.675 (each costs 0.1s), then a wait cut to the deadline.
  CHECK(out.attempts == 4);
  CHECK(out.error ==
        "team/webhook[3]: notify retry canceled after 4 attempts: unexpected status code 500");
  CHECK(f.clock.Now() == deadline);
  CHECK(f.sleeper.waits.back() == milliseconds(225));
  for (Time d : integration.deadlines) CHECK(d == deadline);
}

TEST_CASE("a deadline already passed makes no attempt") {
  Fixture f;
  ScriptedIntegration integration(f.clock, {Ok()});
  RetryOutcome out = f.retrier.Notify(integration, f.notification, kStart);
  CHECK_FALSE(out.ok);
  CHECK(out.attempts == 0);
  CHECK(out.error ==
        "team/webhook[3]: notify retry canceled after 0 attempts: context deadline exceeded");
  CHECK(integration.deadlines.empty());
}

TEST_CASE("an interrupted wait (shutdown) ends the loop") {
  Fixture f;
  f.sleeper.interrupt_after = 2;
  ScriptedIntegration integration(f.clock, {Fail5xx()});
  RetryOutcome out = f.retrier.Notify(integration, f.notification, kStart + seconds(60));
  CHECK_FALSE(out.ok);
  CHECK(out.attempts == 2);
  CHECK(out.error ==
        "team/webhook[3]: notify retry canceled after 2 attempts: unexpected status code 500");
}

TEST_CASE("backoff waits stay within +-50% of a base growing x1.5 up to 60s") {
  for (double r : {0.0, 0.25, 0.5, 0.999999}) {
    CAPTURE(r);
    FixedRandom random(r);
    Backoff backoff(random);
    double base = 0.5;
    for (int i = 0; i < 30; ++i) {
      CAPTURE(i);
      const double wait = std::chrono::duration<double>(backoff.Next()).count();
      const double expected = base * (0.5 + r);
      CHECK(wait == doctest::Approx(expected).epsilon(1e-6));
      CHECK(wait >= base * 0.5 - 1e-6);
      CHECK(wait <= base * 1.5 + 1e-6);
      base = std::min(base * 1.5, 60.0);
    }
  }
  FixedRandom low(0), high(0.999999);
  Backoff a(low), b(high);
  CHECK(a.Next() == milliseconds(250));
  CHECK(b.Next() > milliseconds(749));
  SystemRandom system;
  Backoff c(system);
  for (int i = 0; i < 100; ++i) {
    const Duration d = c.Next();
    CHECK(d >= milliseconds(250));
    CHECK(d <= seconds(90));
  }
}

TEST_CASE("InterruptibleSleeper sleeps, and Interrupt wakes it for good") {
  InterruptibleSleeper sleeper;
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(sleeper.SleepFor(milliseconds(20)));
  CHECK(std::chrono::steady_clock::now() - t0 >= milliseconds(20));

  std::thread waker([&] {
    std::this_thread::sleep_for(milliseconds(50));
    sleeper.Interrupt();
  });
  const auto t1 = std::chrono::steady_clock::now();
  CHECK_FALSE(sleeper.SleepFor(seconds(30)));
  CHECK(std::chrono::steady_clock::now() - t1 < seconds(5));
  waker.join();
  CHECK_FALSE(sleeper.SleepFor(seconds(30)));  // returns at once after shutdown
}

TEST_CASE("request counters exist at zero for known integrations") {
  Registry registry;
  DescribeNotificationRequestMetrics(registry);
  const std::string text = registry.Render();
  CHECK(text.find(R"(alertmanager_notification_requests_total{integration="slack"} 0)") !=
        std::string::npos);
  CHECK(text.find(R"(alertmanager_notification_requests_failed_total{integration="email"} 0)") !=
        std::string::npos);
}

}  // namespace
}  // namespace overlord
