#include "receivers/notification.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

Time T(std::int64_t s) { return FromUnixSeconds(s); }

Alert Firing(LabelSet labels, LabelSet annotations = {}) {
  Alert a;
  a.labels = std::move(labels);
  a.annotations = std::move(annotations);
  a.starts_at = T(1000);
  return a;  // ends_at stays zero
}

Alert ResolvedAt(LabelSet labels, Time ends) {
  Alert a = Firing(std::move(labels));
  a.ends_at = ends;
  return a;
}

TEST_CASE("status is firing when any alert fires") {
  Notification n;
  n.now = T(2000);
  CHECK_FALSE(n.AnyFiring());
  CHECK(n.Status() == "resolved");  // no alerts: nothing fires

  n.alerts = {ResolvedAt({{"a", "1"}}, T(1500))};
  CHECK(n.Status() == "resolved");

  n.alerts.push_back(Firing({{"a", "2"}}));
  CHECK(n.AnyFiring());
  CHECK(n.Status() == "firing");
}

TEST_CASE("an end time after the flush time is still firing") {
  Notification n;
  n.now = T(2000);
  n.alerts = {ResolvedAt({{"a", "1"}}, T(2001))};
  CHECK(n.Status() == "firing");
  n.alerts = {ResolvedAt({{"a", "1"}}, T(2000))};  // endsAt == now is resolved
  CHECK(n.Status() == "resolved");
}

TEST_CASE("common labels keep pairs equal on every alert") {
  Notification n;
  CHECK(n.CommonLabels().empty());

  n.alerts = {Firing({{"alertname", "X"}, {"instance", "a"}, {"job", "node"}}),
              Firing({{"alertname", "X"}, {"instance", "b"}, {"job", "node"}}),
              Firing({{"alertname", "X"}, {"instance", "c"}, {"job", "node"}, {"x", "y"}})};
  CHECK(n.CommonLabels().ToString() == R"({alertname="X", job="node"})");

  n.alerts = {Firing({{"alertname", "X"}, {"job", "node"}})};
  CHECK(n.CommonLabels().ToString() == R"({alertname="X", job="node"})");

  n.alerts = {Firing({{"a", "1"}}), Firing({{"b", "1"}})};
  CHECK(n.CommonLabels().empty());
}

TEST_CASE("common annotations treat a missing annotation as empty, like Alertmanager") {
  // Verified against Alertmanager 0.25: {"e":""} survives an alert without "e".
  Notification n;
  n.alerts = {Firing({{"a", "1"}}, {{"e", ""}, {"summary", "s1"}, {"team", "db"}}),
              Firing({{"a", "2"}}, {{"summary", "s2"}, {"team", "db"}})};
  LabelSet common = n.CommonAnnotations();
  CHECK(common.size() == 2);
  CHECK(common.Has("e"));
  CHECK(common.Get("team") == "db");
  CHECK_FALSE(common.Has("summary"));
}

}  // namespace
}  // namespace overlord
