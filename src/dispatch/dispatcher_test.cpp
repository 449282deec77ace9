#include "dispatch/dispatcher.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "dispatch/dispatch_test_support.h"

namespace overlord {
namespace {

using namespace dispatch_test;

// "30s: [A B]" per call: the offset from kT0 and the alertnames (+ "/resolved") sent.
std::string Calls(const FakeIntegration& fake) {
  std::string out;
  for (const Notification& n : fake.calls()) {
    out += FormatDuration(n.now - kT0) + ":";
    for (const Alert& a : n.alerts) {
      out += " ";
      out += a.labels.Get("alertname");
      if (!IsZero(a.ends_at)) out += "/resolved";
    }
    out += "\n";
  }
  return out;
}

std::string Reasons(const std::vector<FlushRecord>& records) {
  std::string out;
  for (const FlushRecord& r : records) {
    out += std::string(FlushDecisionName(r.decision)) + ": " + r.reason + "\n";
  }
  return out;
}

config::Route ByAlertname() { return MakeRoute("team", {"alertname"}); }

TEST_CASE("first flush after group_wait, with the notification's contents") {
  Harness h(ByAlertname());
  Alert a = h.Firing({{"alertname", "A"}, {"job", "node"}});
  h.Insert(a);
  CHECK(h.dispatcher->group_count() == 1);
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(30));

  h.RunUntil(seconds(29));
  CHECK(h.fake("team").call_count() == 0);
  h.RunUntil(seconds(30));
  REQUIRE(h.fake("team").call_count() == 1);
  const Notification n = h.fake("team").calls()[0];
  CHECK(n.receiver == "team");
  CHECK(n.group_key == "{}:{alertname=\"A\"}");
  CHECK(n.group_labels == LabelSet{{"alertname", "A"}});
  CHECK(n.external_url == "http://am.example");
  CHECK(n.now == kT0 + seconds(30));
  REQUIRE(n.alerts.size() == 1);
  CHECK(IsZero(n.alerts[0].ends_at));  // firing: endsAt shown as Go's zero time
  CHECK(n.alerts[0].starts_at == kT0);
  CHECK(n.alerts[0].labels == a.labels);
  // The flush deadline is max(group_interval, 10s) after the flush started.
  CHECK(h.fake("team").deadlines()[0] == kT0 + seconds(30) + minutes(5));

  std::vector<FlushRecord> rec = h.TakeRecords();
  REQUIRE(rec.size() == 1);
  CHECK(rec[0].group_key == "{}:{alertname=\"A\"}");
  CHECK(rec[0].receiver == "team");
  CHECK(rec[0].integration == "webhook[0]");
  CHECK(rec[0].decision == FlushDecision::kSent);
  CHECK(rec[0].reason == "first notification");
  CHECK(rec[0].attempts == 1);
  CHECK(rec[0].firing == 1);

  std::optional<NflogEntry> e = h.nflog.Query({n.group_key, "team", "webhook", 0});
  REQUIRE(e);
  CHECK(e->firing_alerts == std::vector<std::uint64_t>{a.fingerprint()});
  CHECK(e->timestamp == kT0 + seconds(30));
  // 2 × repeat_interval (8h) is below the retention (120h).
  CHECK(e->expires_at == kT0 + seconds(30) + hours(8));
  CHECK(h.registry.Value("alertmanager_notifications_total", {{"integration", "webhook"}}) == 1);
  CHECK(h.registry.Value("alertmanager_dispatcher_aggregation_groups") == 1);
}

TEST_CASE("new alerts wait for the next group_interval tick; updates never flush early") {
  Harness h(MakeRoute("team", {"job"}));
  h.Insert(h.Firing({{"alertname", "A"}, {"job", "node"}}));
  h.RunUntil(seconds(30));
  CHECK(h.fake("team").call_count() == 1);

  h.RunUntil(minutes(1));
  h.Insert(h.Firing({{"alertname", "B"}, {"job", "node"}}));
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(30) + minutes(5));
  h.RunUntil(minutes(5) + seconds(29));
  CHECK(h.fake("team").call_count() == 1);
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A\n5m30s: A B\n");

  // An update (new annotation, later endsAt) is stored but changes nothing to send.
  h.RunUntil(minutes(6));
  Alert updated = h.Firing({{"alertname", "A"}, {"job", "node"}});
  updated.starts_at = kT0;
  updated.annotations = {{"summary", "changed"}};
  h.Insert(updated);
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(30) + minutes(10));
  h.TakeRecords();
  h.RunUntil(minutes(10) + seconds(30));
  CHECK(h.fake("team").call_count() == 2);
  CHECK(Reasons(h.TakeRecords()) == "skipped: skipped: nothing changed\n");
}

TEST_CASE("an update before the first flush does not move group_wait") {
  Harness h(ByAlertname());
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(10));
  Alert again = h.Firing({{"alertname", "A"}});
  again.starts_at = kT0;
  h.Insert(again);
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(30));
}

struct RepeatCase {
  Duration group_interval;
  Duration repeat_interval;
  Duration expected_period;
};

TEST_CASE("repeat_interval granularity (spec 5.8)") {
  const RepeatCase cases[] = {
      {minutes(5), minutes(5), minutes(10)},
      {minutes(5), hours(4), hours(4) + minutes(5)},
      {minutes(3), minutes(5), minutes(6)},
      {minutes(1), seconds(15), minutes(1)},
  };
  for (const RepeatCase& c : cases) {
    for (Duration latency : {Duration::zero(), Duration(milliseconds(3))}) {
      CAPTURE(FormatDuration(c.group_interval));
      CAPTURE(FormatDuration(c.repeat_interval));
      CAPTURE(latency.count());
      Harness h(MakeRoute("team", {"alertname"}, seconds(30), c.group_interval, c.repeat_interval));
      h.fake("team").set_latency(latency);
      Alert a = h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + hours(1000));
      h.Insert(a);
      h.RunUntil(seconds(30) + 3 * c.expected_period + seconds(1));
      std::vector<Notification> calls = h.fake("team").calls();
      REQUIRE(calls.size() == 4);
      for (std::size_t i = 0; i < calls.size(); ++i) {
        CHECK(calls[i].now == kT0 + seconds(30) + static_cast<int>(i) * c.expected_period);
      }
      std::vector<FlushRecord> rec = h.TakeRecords();
      CHECK(rec.back().reason == "repeat interval elapsed");
    }
  }
}

TEST_CASE("an alert that fires and resolves within group_wait sends nothing") {
  Harness h(ByAlertname());
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(10));
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + seconds(10)));
  h.RunUntil(seconds(30));
  CHECK(h.fake("team").call_count() == 0);
  CHECK(Reasons(h.TakeRecords()) ==
        "skipped: skipped: no firing alerts, nothing notified before\n");
  // The flush succeeded, so the resolved alert is forgotten and the group destroyed.
  CHECK(h.dispatcher->group_count() == 0);
  CHECK(h.nflog.size() == 0);
}

TEST_CASE("resolved notification with send_resolved, then a fresh group") {
  Harness h(ByAlertname());
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(minutes(2));
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + minutes(2)));
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A\n5m30s: A/resolved\n");
  const Notification last = h.fake("team").calls().back();
  CHECK(last.alerts[0].ends_at == kT0 + minutes(2));
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\nsent: all alerts resolved\n");
  CHECK(h.dispatcher->group_count() == 0);
  CHECK(h.registry.Value("alertmanager_dispatcher_aggregation_groups") == 0);

  // The same group key again: a new group with a fresh group_wait.
  h.RunUntil(minutes(7));
  h.Insert(h.Firing({{"alertname", "A"}}));
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(7) + seconds(30));
  h.RunUntil(minutes(7) + seconds(30));
  CHECK(h.fake("team").call_count() == 3);
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\n");
}

TEST_CASE("send_resolved false: nothing sent when all resolved, but the nflog forgets") {
  Harness h(ByAlertname(), /*send_resolved=*/false);
  Alert a = h.Firing({{"alertname", "A"}});
  h.Insert(a);
  h.RunUntil(minutes(2));
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + minutes(2)));
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A\n");
  CHECK(Reasons(h.TakeRecords()) ==
        "sent: first notification\n"
        "skipped: skipped: all alerts resolved, send_resolved is false\n");
  std::optional<NflogEntry> e = h.nflog.Query({"{}:{alertname=\"A\"}", "team", "webhook", 0});
  REQUIRE(e);
  CHECK(e->firing_alerts.empty());
  CHECK(e->resolved_alerts == std::vector<std::uint64_t>{a.fingerprint()});
  CHECK(e->timestamp == kT0 + minutes(5) + seconds(30));
  CHECK(h.dispatcher->group_count() == 0);
  CHECK(h.registry.Value("alertmanager_notifications_total", {{"integration", "webhook"}}) == 1);

  // Firing again later is a first notification once more.
  h.RunUntil(minutes(8));
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(minutes(8) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A\n8m30s: A\n");
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\n");
}

TEST_CASE("send_resolved false: resolved alerts are left out of a firing notification") {
  Harness h(MakeRoute("team", {}), /*send_resolved=*/false);
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.Insert(h.Firing({{"alertname", "B"}}));
  h.RunUntil(minutes(1));
  h.Insert(h.MakeAlert({{"alertname", "B"}}, kT0, kT0 + minutes(1)));
  h.Insert(h.Firing({{"alertname", "C"}}));
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A B\n5m30s: A C\n");
}

TEST_CASE("some alerts resolved notifies with send_resolved") {
  Harness h(MakeRoute("team", {}));
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.Insert(h.Firing({{"alertname", "B"}}));
  h.RunUntil(minutes(1));
  h.Insert(h.MakeAlert({{"alertname", "B"}}, kT0, kT0 + minutes(1)));
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A B\n5m30s: A B/resolved\n");
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\nsent: some alerts resolved\n");
  // B was notified as resolved and is gone; A stays.
  std::vector<GroupSnapshot> groups = h.dispatcher->Groups();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].fingerprints.size() == 1);
  h.RunUntil(minutes(10) + seconds(30));
  CHECK(Reasons(h.TakeRecords()) == "skipped: skipped: nothing changed\n");
}

TEST_CASE("a failed send is retried at the next tick and deletes nothing") {
  Harness h(ByAlertname());
  h.fake("team").FailNext(500, false);
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(30));
  std::vector<FlushRecord> rec = h.TakeRecords();
  REQUIRE(rec.size() == 1);
  CHECK(rec[0].decision == FlushDecision::kFailed);
  CHECK(rec[0].reason == "first notification");
  CHECK(rec[0].error == "unexpected status code 500");
  CHECK(h.nflog.size() == 0);
  CHECK(h.registry.Value("alertmanager_notifications_failed_total",
                         {{"integration", "webhook"}, {"reason", "serverError"}}) == 1);

  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\n");

  // The resolve notification fails: the resolved alert is kept and sent at the next tick.
  h.RunUntil(minutes(6));
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + minutes(6)));
  h.fake("team").FailNext(404, false);
  h.RunUntil(minutes(10) + seconds(30));
  CHECK(h.dispatcher->group_count() == 1);
  CHECK(h.registry.Value("alertmanager_notifications_failed_total",
                         {{"integration", "webhook"}, {"reason", "clientError"}}) == 1);
  h.RunUntil(minutes(15) + seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: A\n5m30s: A\n10m30s: A/resolved\n15m30s: A/resolved\n");
  CHECK(Reasons(h.TakeRecords()) == "failed: all alerts resolved\nsent: all alerts resolved\n");
  CHECK(h.dispatcher->group_count() == 0);
  CHECK(h.registry.Value("alertmanager_notifications_total", {{"integration", "webhook"}}) == 4);
}

TEST_CASE("a resolved alert updated during its flush is not deleted") {
  // Resolved in the snapshot, but re-fired before the flush finished: kept.
  Harness h(ByAlertname());
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(minutes(1));
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + minutes(1)));
  // The integration re-inserts a firing version while "sending".
  struct Refire final : MuteStage {
    Harness* h;
    mutable bool done = false;
    std::optional<std::string> Mutes(const Alert&, Time, const routes::RouteNode&) const override {
      if (!done) {
        done = true;
        h->clock.Advance(milliseconds(1));
        h->Insert(h->Firing({{"alertname", "A"}}));
      }
      return std::nullopt;
    }
  };
  auto cfg = h.Build(ByAlertname(), true);
  auto stage = std::make_shared<Refire>();
  stage->h = &h;
  cfg->mute_stages.push_back(stage);
  // Reload keeps the group (old alert ⇒ immediate flush), now with the re-firing stage.
  h.TakeRecords();
  h.dispatcher->Reload(cfg, {h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + minutes(1))});
  h.RunUntil(minutes(1));
  CHECK(Reasons(h.TakeRecords()) == "sent: all alerts resolved\n");
  CHECK(h.dispatcher->group_count() == 1);  // the newer, firing version survives
}

TEST_CASE("continue: one alert, two routes, two groups") {
  config::Route root = MakeRoute("default", {"alertname"});
  config::Route db = MakeRoute("db", {"alertname"});
  db.matchers = {Eq("team", "db")};
  db.continue_matching = true;
  config::Route pager = MakeRoute("pager", {});
  pager.matchers = {Eq("severity", "page")};
  root.routes = {db, pager};
  Harness h(root);
  h.Insert(h.Firing({{"alertname", "A"}, {"team", "db"}, {"severity", "page"}}));
  std::vector<GroupSnapshot> groups = h.dispatcher->Groups();
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].group_key == "{}/{severity=\"page\"}:{}");
  CHECK(groups[0].receiver == "pager");
  CHECK(groups[0].route_key == "{}/{severity=\"page\"}");
  CHECK(groups[1].group_key == "{}/{team=\"db\"}:{alertname=\"A\"}");
  CHECK(groups[1].receiver == "db");
  CHECK(groups[1].route_id == "{}/{team=\"db\"}/0");
  h.RunUntil(seconds(30));
  CHECK(h.fake("db").call_count() == 1);
  CHECK(h.fake("pager").call_count() == 1);
  CHECK(h.fake("default").call_count() == 0);
}

TEST_CASE("no group_by: all alerts of a route in one group and one message") {
  Harness h(MakeRoute("team", {}));
  h.Insert(h.Firing({{"alertname", "Z"}, {"job", "b"}}));
  h.Insert(h.Firing({{"alertname", "Y"}}));
  h.Insert(h.Firing({{"alertname", "X"}, {"job", "a"}, {"instance", "2"}}));
  h.Insert(h.Firing({{"alertname", "W"}, {"job", "a"}, {"instance", "1"}}));
  CHECK(h.dispatcher->group_count() == 1);
  h.RunUntil(seconds(30));
  CHECK(Calls(h.fake("team")) == "30s: W X Z Y\n");
  CHECK(h.fake("team").calls()[0].group_key == "{}:{}");
  CHECK(h.fake("team").calls()[0].group_labels.empty());
}

TEST_CASE("reload rebuilds groups without re-sending") {
  config::Route root = ByAlertname();
  Harness h(root);
  Alert a = h.Firing({{"alertname", "A"}});
  h.Insert(a);
  h.RunUntil(seconds(30));
  CHECK(h.fake("team").call_count() == 1);

  h.RunUntil(minutes(2));
  FakeIntegration& old_fake = h.fake("team");
  std::shared_ptr<const DispatchConfig> old_cfg = h.dispatcher->config();  // keeps old_fake
  auto cfg = h.Build(root, true);
  FakeIntegration& new_fake = h.fake("team");
  h.dispatcher->Reload(cfg, {a});
  // Old alert (starts_at + group_wait < now): the rebuilt group flushes at once...
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(2));
  h.TakeRecords();
  h.RunUntil(minutes(2));
  // ...and the nflog says nothing changed.
  CHECK(Reasons(h.TakeRecords()) == "skipped: skipped: nothing changed\n");
  CHECK(old_fake.call_count() == 1);
  CHECK(new_fake.call_count() == 0);
  // A changed group key (new route matchers) is a different group: sent again (spec 16.11).
  config::Route changed = ByAlertname();
  config::Route child = MakeRoute("team", {"alertname"});
  child.matchers = {Eq("alertname", "A")};
  changed.routes = {child};
  auto cfg2 = h.Build(changed, true);
  h.dispatcher->Reload(cfg2, {a});
  h.RunUntil(minutes(2));
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\n");
}

TEST_CASE("old alert: immediate flush, also for later alerts before the first flush (0.25)") {
  Harness h(ByAlertname());
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0 - hours(1), kT0 + hours(1)));
  CHECK(h.dispatcher->NextDeadline() == kT0);
  h.RunUntil(Duration::zero());
  CHECK(Calls(h.fake("team")) == "0s: A\n");

  Harness g(MakeRoute("team", {}));
  g.Insert(g.Firing({{"alertname", "A"}}));
  CHECK(g.dispatcher->NextDeadline() == kT0 + seconds(30));
  g.RunUntil(seconds(10));
  g.Insert(g.MakeAlert({{"alertname", "B"}}, kT0 - hours(1), kT0 + hours(1)));
  CHECK(g.dispatcher->NextDeadline() == kT0 + seconds(10));
  g.RunUntil(seconds(10));
  CHECK(Calls(g.fake("team")) == "10s: A B\n");
  // After the first flush an old alert waits for the next tick like any other.
  g.RunUntil(seconds(20));
  g.Insert(g.MakeAlert({{"alertname", "C"}}, kT0 - hours(1), kT0 + hours(1)));
  CHECK(g.dispatcher->NextDeadline() == kT0 + seconds(10) + minutes(5));
}

TEST_CASE("one batch: new and existing groups, a repeated alert, an old alert") {
  // Insert routes a whole batch, then looks the alerts up, then inserts them, in batch order.
  Harness h(ByAlertname());
  h.Insert(h.Firing({{"alertname", "B"}, {"i", "1"}}));
  REQUIRE(h.dispatcher->NextDeadline() == kT0 + seconds(30));
  h.RunUntil(seconds(10));
  const Time now = h.clock.Now();
  std::vector<Alert> batch = {
      h.Firing({{"alertname", "A"}, {"i", "1"}}),  // a new group, A
      h.Firing({{"alertname", "B"}, {"i", "2"}}),  // joins B
      // A/1 again, later in the batch: it replaces the first.
      h.MakeAlert({{"alertname", "A"}, {"i", "1"}}, now - seconds(5), now + hours(1)),
      // B/1, started an hour ago: B flushes now.
      h.MakeAlert({{"alertname", "B"}, {"i", "1"}}, kT0 - hours(1), now + hours(2)),
  };
  h.dispatcher->Insert(batch);
  CHECK(h.dispatcher->NextDeadline() == now);  // B's deadline moved to now
  h.RunUntil(seconds(10));
  CHECK(Calls(h.fake("team")) == "10s: B B\n");
  const Notification b = h.fake("team").calls().back();
  REQUIRE(b.alerts.size() == 2);
  CHECK(b.alerts[0].starts_at == kT0 - hours(1));  // the batch's version of B/1 replaced it
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(10) + seconds(30));  // A: its group_wait
  h.RunUntil(seconds(40));
  CHECK(Calls(h.fake("team")) == "10s: B B\n40s: A\n");
  const Notification a = h.fake("team").calls().back();
  REQUIRE(a.alerts.size() == 1);  // the repeat replaced the first, not beside it
  CHECK(a.alerts[0].starts_at == now - seconds(5));
}

TEST_CASE("alerts find their group by the labels group_by picks, absent ones included") {
  // Existing groups are looked up by the picked labels without building a set: a group whose
  // labels are a prefix of another's must not be taken for it.
  Harness h(MakeRoute("team", {"alertname", "cluster"}));
  h.dispatcher->Insert({h.Firing({{"alertname", "A"}, {"i", "1"}}),
                        h.Firing({{"alertname", "A"}, {"cluster", "x"}, {"i", "2"}})});
  h.dispatcher->Insert({h.Firing({{"alertname", "A"}, {"cluster", "x"}, {"i", "3"}}),
                        h.Firing({{"alertname", "A"}, {"i", "4"}, {"zone", "z"}}),
                        h.Firing({{"alertname", "A"}, {"cluster", "y"}, {"i", "5"}})});
  CHECK(h.dispatcher->group_count() == 3);
  h.RunUntil(seconds(30));
  std::map<std::string, std::string> instances;  // group key -> the alerts' i labels
  for (const Notification& n : h.fake("team").calls()) {
    for (const Alert& a : n.alerts) instances[n.group_key] += a.labels.Get("i");
  }
  CHECK(instances ==
        std::map<std::string, std::string>{{R"({}:{alertname="A"})", "14"},
                                           {R"({}:{alertname="A", cluster="x"})", "23"},
                                           {R"({}:{alertname="A", cluster="y"})", "5"}});
}

class MuteLabel final : public MuteStage {
 public:
  std::optional<std::string> Mutes(const Alert& alert, Time,
                                   const routes::RouteNode&) const override {
    if (alert.labels.Get("muted") == "true") return "silence";
    return std::nullopt;
  }
};

TEST_CASE("mute stages: muted alerts are left out; all muted sends nothing") {
  config::Route root = MakeRoute("team", {});
  Harness h(root);
  auto cfg = h.Build(root, true);
  cfg->mute_stages.push_back(std::make_shared<MuteLabel>());
  h.dispatcher->Reload(cfg, {});
  h.Insert(h.Firing({{"alertname", "A"}, {"muted", "true"}}));
  h.RunUntil(seconds(30));
  CHECK(h.fake("team").call_count() == 0);
  CHECK(Reasons(h.TakeRecords()) == "muted: muted (silence: 1)\n");
  CHECK(h.nflog.size() == 0);
  CHECK(h.dispatcher->group_count() == 1);  // alerts stay in the group
  CHECK(h.registry.Value("alertmanager_notifications_suppressed_total", {{"reason", "silence"}}) ==
        1);

  h.Insert(h.Firing({{"alertname", "B"}}));
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Calls(h.fake("team")) == "5m30s: B\n");
}

TEST_CASE("a receiver without integrations drops notifications and succeeds") {
  config::Route root = MakeRoute("null", {});
  Harness h(root);
  auto cfg = std::make_shared<DispatchConfig>(routes::RoutingTree(root));
  h.dispatcher->Reload(cfg, {});
  h.Insert(h.MakeAlert({{"alertname", "A"}}, kT0, kT0 + seconds(5)));
  h.RunUntil(seconds(30));
  CHECK(Reasons(h.TakeRecords()) == "skipped: skipped: receiver has no integrations\n");
  CHECK(h.dispatcher->group_count() == 0);
}

TEST_CASE("Remove forgets garbage-collected alerts and destroys empty groups") {
  Harness h(ByAlertname());
  Alert a = h.Firing({{"alertname", "A"}});
  Alert b = h.Firing({{"alertname", "B"}});
  h.Insert(a);
  h.Insert(b);
  CHECK(h.dispatcher->group_count() == 2);
  h.dispatcher->Remove({a.fingerprint()});
  CHECK(h.dispatcher->group_count() == 1);
  CHECK(h.registry.Value("alertmanager_dispatcher_aggregation_groups") == 1);
  CHECK(h.dispatcher->Groups()[0].fingerprints == std::vector<Fingerprint>{b.fingerprint()});
}

TEST_CASE("Groups lists a group's alerts as Alertmanager does: job, instance, then labels") {
  // Alerts from a probe of Alertmanager 0.25's GET /api/v2/alerts/groups, in the
  // order it listed them.
  Harness h(ByAlertname());
  const std::vector<LabelSet> want = {
      {{"alertname", "A"}, {"instance", "i0"}, {"job", "j0"}, {"z", "11"}},
      {{"alertname", "A"}, {"job", "j0"}, {"z", "03"}},
      {{"alertname", "A"}, {"job", "j0"}, {"z", "07"}},
      {{"alertname", "A"}, {"instance", "i1"}, {"z", "05"}},
      {{"alertname", "A"}, {"instance", "i3"}, {"z", "08"}},
      {{"alertname", "A"}, {"instance", "i4"}, {"z", "02"}},
      {{"alertname", "A"}, {"z", "00"}},
      {{"alertname", "A"}, {"z", "01"}},
      {{"alertname", "A"}, {"z", "10"}},
      {{"aa", "x"}, {"alertname", "A"}, {"z", "06"}},
  };
  for (auto it = want.rbegin(); it != want.rend(); ++it) h.Insert(h.Firing(*it));
  std::vector<Fingerprint> expected;
  for (const LabelSet& l : want) expected.push_back(FingerprintOf(l));
  const std::vector<GroupSnapshot> groups = h.dispatcher->Groups();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].fingerprints == expected);
}

TEST_CASE("two integrations: each deduped by its own nflog entry") {
  config::Route root = MakeRoute("team", {});
  Harness h(root);
  auto cfg = std::make_shared<DispatchConfig>(routes::RoutingTree(root));
  auto hook = std::make_unique<FakeIntegration>("webhook", 0, true, &h.clock);
  auto slack = std::make_unique<FakeIntegration>("slack", 0, false, &h.clock);
  FakeIntegration* hook_p = hook.get();
  FakeIntegration* slack_p = slack.get();
  cfg->integrations["team"].push_back(std::move(hook));
  cfg->integrations["team"].push_back(std::move(slack));
  h.dispatcher->Reload(cfg, {});

  slack_p->FailNext(500, false);
  h.Insert(h.Firing({{"alertname", "A"}}));
  h.RunUntil(seconds(30));
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\nfailed: first notification\n");
  h.RunUntil(minutes(5) + seconds(30));
  CHECK(Reasons(h.TakeRecords()) ==
        "skipped: skipped: nothing changed\nsent: first notification\n");
  CHECK(hook_p->call_count() == 1);
  CHECK(slack_p->call_count() == 2);
}

}  // namespace
}  // namespace overlord

namespace overlord {
namespace {

using namespace dispatch_test;

TEST_CASE("a timer firing during a flush flushes right after it, on schedule") {
  QueueExecutor queue;
  Harness h(MakeRoute("team", {}), true, SendOnce, &queue);
  int wakes = 0;
  h.dispatcher->SetWakeup([&] { ++wakes; });
  h.Insert(h.Firing({{"alertname", "A"}}));
  CHECK(wakes == 1);  // a new group
  h.clock.Set(kT0 + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  CHECK(queue.pending() == 1);
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);  // its only group is flushing

  // The next tick comes while the first flush is still "sending": nothing starts.
  h.clock.Set(kT0 + minutes(6));
  h.Insert(h.Firing({{"alertname", "B"}}));
  h.dispatcher->RunDue(h.clock.Now());
  CHECK(queue.pending() == 1);

  queue.RunAll();
  CHECK(wakes == 2);  // the finished flush wakes the driver
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(5) + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  queue.RunAll();
  std::vector<Notification> calls = h.fake("team").calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].alerts.size() == 1);
  CHECK(calls[1].now == kT0 + minutes(5) + seconds(30));
  CHECK(calls[1].alerts.size() == 2);
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(10) + seconds(30));
}

TEST_CASE("a finished flush wakes the driver only for a deadline earlier than those it knows") {
  QueueExecutor queue;
  Harness h(ByAlertname(), true, SendOnce, &queue);
  int wakes = 0;
  h.dispatcher->SetWakeup([&] { ++wakes; });
  h.Insert(h.Firing({{"alertname", "A"}}));  // due at 30 s
  h.clock.Set(kT0 + seconds(10));
  h.Insert(h.Firing({{"alertname", "B"}}));  // due at 40 s
  CHECK(wakes == 2);                         // two new groups

  h.clock.Set(kT0 + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  REQUIRE(queue.pending() == 1);
  queue.RunAll();
  // A is back on its timer at 5m30s, after B's 40 s, which the driver waits for already.
  CHECK(wakes == 2);
  CHECK(h.dispatcher->NextDeadline() == kT0 + seconds(40));

  h.clock.Set(kT0 + seconds(40));
  h.dispatcher->RunDue(h.clock.Now());
  queue.RunAll();
  CHECK(wakes == 2);  // B at 5m40s, after A's 5m30s
  CHECK(h.dispatcher->NextDeadline() == kT0 + minutes(5) + seconds(30));
  CHECK(h.fake("team").calls().size() == 2);

  // A group's only timer: its flush must wake the driver, which knows no deadline at all.
  h.clock.Set(kT0 + minutes(5) + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  h.clock.Set(kT0 + minutes(5) + seconds(40));
  h.dispatcher->RunDue(h.clock.Now());
  REQUIRE(queue.pending() == 2);
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);
  queue.RunAll();
  CHECK(wakes == 3);  // A's flush put the first deadline back; B's came after it
}

TEST_CASE("a group rebuilt by a reload waits for the old group's flush in flight") {
  QueueExecutor queue;
  config::Route root = MakeRoute("team", {});
  Harness h(root, true, SendOnce, &queue);
  Alert a = h.Firing({{"alertname", "A"}});
  h.Insert(a);
  h.clock.Set(kT0 + seconds(30));
  h.dispatcher->RunDue(h.clock.Now());
  REQUIRE(queue.pending() == 1);

  std::shared_ptr<const DispatchConfig> old_cfg = h.dispatcher->config();
  FakeIntegration& old_fake = h.fake("team");
  auto cfg = h.Build(root, true);
  h.clock.Set(kT0 + seconds(31));
  h.dispatcher->Reload(cfg, {a});
  CHECK(h.dispatcher->NextDeadline() == std::nullopt);  // due, but its key is in flight
  h.dispatcher->RunDue(h.clock.Now());
  CHECK(queue.pending() == 1);

  queue.RunAll();  // the old flush sends and logs
  CHECK(old_fake.call_count() == 1);
  CHECK(h.dispatcher->group_count() == 1);  // the rebuilt group is untouched by it
  h.dispatcher->RunDue(h.clock.Now());
  queue.RunAll();
  CHECK(h.fake("team").call_count() == 0);  // deduped by what the old flush logged
  std::vector<FlushRecord> rec = h.TakeRecords();
  REQUIRE(rec.size() == 2);
  CHECK(rec[1].reason == "skipped: nothing changed");
}

}  // namespace
}  // namespace overlord

namespace overlord {
namespace {

using namespace dispatch_test;

TEST_CASE("nflog is per integration index: a moved config notifies once more (spec 16.23)") {
  config::Route root = MakeRoute("team", {});
  Harness h(root);
  Alert a = h.Firing({{"alertname", "A"}});
  h.Insert(a);
  h.RunUntil(seconds(30));
  CHECK(Reasons(h.TakeRecords()) == "sent: first notification\n");

  // The same webhook is now the second webhook_configs entry.
  h.RunUntil(minutes(1));
  auto cfg = std::make_shared<DispatchConfig>(routes::RoutingTree(root));
  cfg->integrations["team"].push_back(std::make_unique<FakeIntegration>("webhook", 0, true));
  cfg->integrations["team"].push_back(std::make_unique<FakeIntegration>("webhook", 1, true));
  h.dispatcher->Reload(cfg, {a});
  h.RunUntil(minutes(1));
  CHECK(Reasons(h.TakeRecords()) ==
        "skipped: skipped: nothing changed\nsent: first notification\n");
}

}  // namespace
}  // namespace overlord
