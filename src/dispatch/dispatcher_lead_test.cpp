// RunDue with a lead: a flush handed to the executor before its deadline waits for it, then
// takes the group's alerts, so what it sends is what it would have sent at the deadline.
#include <doctest/doctest.h>

#include <chrono>

#include "dispatch/dispatch_test_support.h"
#include "dispatch/dispatcher.h"

namespace overlord {
namespace {

using namespace dispatch_test;
using std::chrono::microseconds;

constexpr Duration kLead = milliseconds(1);
const Time kDeadline = kT0 + seconds(30);  // group_wait of MakeRoute's routes
constexpr Duration kEarly = std::chrono::microseconds(500);

// Inserts `a` at kT0 and hands its group's first flush over kEarly before the deadline.
void HandOverEarly(Harness& h, const QueueExecutor& queue, const Alert& a) {
  h.Insert(a);
  h.clock.Set(kDeadline - kEarly);
  h.dispatcher->RunDue(h.clock.Now(), kLead);
  REQUIRE(queue.pending() == 1);
}

TEST_CASE("a flush handed over within its lead takes the group's alerts at the deadline") {
  QueueExecutor queue;
  Harness h(MakeRoute("team", {}), true, SendOnce, &queue);
  h.Insert(h.Firing({{"alertname", "A"}}));

  // 2 ms early: outside the lead, still on its timer.
  h.clock.Set(kDeadline - milliseconds(2));
  h.dispatcher->RunDue(h.clock.Now(), kLead);
  CHECK(queue.pending() == 0);
  CHECK(h.dispatcher->NextDeadline() == kDeadline);

  // 0.5 ms early: handed over, and in flight, so nothing hands it over twice.
  h.clock.Set(kDeadline - kEarly);
  h.dispatcher->RunDue(h.clock.Now(), kLead);
  CHECK(queue.pending() == 1);
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  h.dispatcher->RunDue(h.clock.Now(), kLead);
  CHECK(queue.pending() == 1);

  // An alert that arrives before the deadline is in the flush, as without a lead.
  h.clock.Set(kDeadline - microseconds(200));
  h.Insert(h.Firing({{"alertname", "B"}}));
  h.clock.Set(kDeadline);
  queue.RunAll();
  REQUIRE(h.fake("team").call_count() == 1);
  const Notification n = h.fake("team").calls()[0];
  CHECK(n.now == kDeadline);
  CHECK(n.alerts.size() == 2);
  CHECK(h.dispatcher->NextDeadline() == kDeadline + minutes(5));
}

TEST_CASE("a flush handed over early whose group a reload replaced sends nothing") {
  QueueExecutor queue;
  config::Route root = MakeRoute("team", {});
  Harness h(root, true, SendOnce, &queue);
  Alert a = h.Firing({{"alertname", "A"}});
  HandOverEarly(h, queue, a);
  // The old configuration owns the old fake; the test keeps it to look at it.
  std::shared_ptr<const DispatchConfig> old_cfg = h.dispatcher->config();
  FakeIntegration& old_fake = h.fake("team");

  h.dispatcher->Reload(h.Build(root, true), {a});
  // The rebuilt group waits behind the key in flight.
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  h.clock.Set(kDeadline);
  queue.RunAll();
  CHECK(old_fake.call_count() == 0);
  // Released: the rebuilt group is on its own timer, group_wait after the reload.
  CHECK(h.dispatcher->NextDeadline() == kDeadline - kEarly + seconds(30));
  h.dispatcher->WaitIdle();  // nothing left in flight
  h.clock.Set(kDeadline - kEarly + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  queue.RunAll();
  CHECK(h.fake("team").call_count() == 1);
}

TEST_CASE("a flush handed over early whose alerts GC removed sends nothing") {
  QueueExecutor queue;
  Harness h(MakeRoute("team", {}), true, SendOnce, &queue);
  Alert a = h.Firing({{"alertname", "A"}});
  HandOverEarly(h, queue, a);
  h.dispatcher->Remove({a.fingerprint()});
  CHECK(h.dispatcher->group_count() == 0);
  h.clock.Set(kDeadline);
  queue.RunAll();
  CHECK(h.fake("team").call_count() == 0);
  h.dispatcher->WaitIdle();
  // The key is free again: a new alert makes a fresh group that flushes normally.
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.clock.Set(kDeadline + seconds(30));
  h.dispatcher->RunDue(h.clock.Now(), kLead);
  queue.RunAll();
  CHECK(h.fake("team").call_count() == 1);
}

}  // namespace
}  // namespace overlord
