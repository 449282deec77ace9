// The dispatcher's deadline index seen from outside: flush order, moved deadlines, and no
// stale timers after Remove, Reload or a flush.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dispatch/dispatch_test_support.h"
#include "dispatch/dispatcher.h"

namespace overlord {
namespace {

using namespace dispatch_test;

// "30s g1, 45s g7" per flush record: the tick's offset from kT0 and the group key's label.
std::string Ticks(const std::vector<FlushRecord>& records) {
  std::string out;
  for (const FlushRecord& r : records) {
    out += (out.empty() ? "" : ", ") + FormatDuration(r.tick - kT0) + " " +
           r.group_key.substr(r.group_key.find('"') + 1,
                              r.group_key.rfind('"') - r.group_key.find('"') - 1);
  }
  return out;
}

TEST_CASE("many groups with different deadlines flush in deadline order, each on time") {
  Harness h(MakeRoute("team", {"g"}, seconds(30), minutes(5)));
  // Group i is created at second (7 * i) % 50: creation order is not deadline order.
  std::vector<std::pair<int, int>> created;  // (second, i)
  for (int i = 0; i < 50; ++i) created.emplace_back((7 * i) % 50, i);
  std::sort(created.begin(), created.end());
  for (const auto& [second, i] : created) {
    h.clock.Set(kT0 + seconds(second));
    h.Insert(h.Firing({{"alertname", "A"}, {"g", "g" + std::to_string(i)}}));
  }
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(30));
  h.RunUntil(minutes(2));
  std::vector<FlushRecord> records = h.TakeRecords();
  REQUIRE(records.size() == 50);
  for (std::size_t k = 0; k < records.size(); ++k) {
    CHECK(records[k].tick == kT0 + seconds(30 + static_cast<int>(k)));
    CHECK(records[k].reason == "first notification");
  }
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(5) + seconds(30));
}

TEST_CASE("a group whose deadline moved is not flushed at the old time") {
  Harness h(MakeRoute("team", {"g"}, seconds(30), minutes(5)));
  h.Insert(h.Firing({{"alertname", "A"}, {"g", "x"}}));
  h.Insert(h.Firing({{"alertname", "A"}, {"g", "y"}}));
  h.RunUntil(seconds(10));
  // An old alert moves x's first flush from 30s to now.
  h.Insert(h.MakeAlert({{"alertname", "B"}, {"g", "x"}}, kT0 - hours(1), kT0 + hours(1)));
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(10));
  h.RunUntil(minutes(5));
  // x: 10s, then its next tick is 5m10s, not 30s or 5m30s; y keeps its own timer.
  CHECK(Ticks(h.TakeRecords()) == "10s x, 30s y");
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(5) + seconds(10));
  h.RunUntil(minutes(11));
  CHECK(Ticks(h.TakeRecords()) == "5m10s x, 5m30s y, 10m10s x, 10m30s y");
}

TEST_CASE("Remove and Reload leave no stale timers behind") {
  config::Route root = MakeRoute("team", {"g"}, seconds(30), minutes(5));
  Harness h(root);
  Alert x = h.Firing({{"alertname", "A"}, {"g", "x"}});
  h.Insert(x);
  h.RunUntil(seconds(5));
  Alert y = h.Firing({{"alertname", "A"}, {"g", "y"}});
  h.Insert(y);
  h.RunUntil(seconds(10));
  Alert z = h.Firing({{"alertname", "A"}, {"g", "z"}});
  h.Insert(z);

  h.dispatcher->Remove({x.fingerprint()});  // the earliest timer goes with its group
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(35));
  h.dispatcher->Remove({y.fingerprint(), z.fingerprint()});
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  h.RunUntil(minutes(1));
  CHECK(h.TakeRecords().empty());

  // Recreated at 1m: a fresh group_wait, nothing left from the removed group.
  h.Insert(h.Firing({{"alertname", "A"}, {"g", "y"}}));
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(1) + seconds(30));
  h.Insert(z);
  // A reload keeps only z's group; y's timer must not survive it.
  h.dispatcher->Reload(h.Build(root, true), {z});
  CHECK(h.dispatcher->group_count() == 1);
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(1));  // z is older than group_wait
  h.RunUntil(minutes(3));
  CHECK(Ticks(h.TakeRecords()) == "1m z");
  h.dispatcher->Reload(h.Build(root, true), {});
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  h.RunUntil(minutes(20));
  CHECK(h.TakeRecords().empty());
}

TEST_CASE("a group emptied by its own flush leaves no timer; others keep theirs") {
  Harness h(MakeRoute("team", {"g"}, seconds(30), minutes(5)));
  h.Insert(h.MakeAlert({{"alertname", "A"}, {"g", "x"}}, kT0, kT0 + seconds(1)));  // resolved
  h.RunUntil(seconds(2));
  h.Insert(h.Firing({{"alertname", "A"}, {"g", "y"}}));
  h.RunUntil(seconds(30));
  CHECK(h.dispatcher->group_count() == 1);  // x flushed its resolved alert and is gone
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(32));
  h.RunUntil(seconds(40));
  CHECK(Ticks(h.TakeRecords()) == "30s x, 32s y");
}

TEST_CASE("groups due behind a flush of their key are rescheduled when it finishes") {
  QueueExecutor queue;
  config::Route root = MakeRoute("team", {"g"}, seconds(30), minutes(5));
  Harness h(root, true, SendOnce, &queue);
  Alert x = h.Firing({{"alertname", "A"}, {"g", "x"}});
  Alert y = h.Firing({{"alertname", "A"}, {"g", "y"}});
  h.Insert(x);
  h.Insert(y);
  h.clock.Set(kT0 + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  REQUIRE(queue.pending() == 2);
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);

  // Rebuilt while both flush: x's and y's new groups wait for the old flushes.
  h.clock.Set(kT0 + seconds(31));
  h.dispatcher->Reload(h.Build(root, true), {x, y});
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  h.dispatcher->RunDue(h.clock.Now());
  CHECK(queue.pending() == 2);
  queue.RunAll();
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(31));
  h.dispatcher->RunDue(h.clock.Now());
  CHECK(queue.pending() == 2);
  queue.RunAll();
  CHECK(Ticks(h.TakeRecords()) == "30s x, 30s y, 31s x, 31s y");
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(5) + seconds(31));
}

}  // namespace
}  // namespace overlord
