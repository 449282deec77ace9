#include "dispatch/alert_order.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

std::string Order(std::vector<Alert> alerts) {
  SortForNotification(alerts);
  std::string out;
  for (const Alert& a : alerts) out += a.labels.ToString() + "\n";
  return out;
}

Alert A(LabelSet labels) {
  Alert a;
  a.labels = std::move(labels);
  return a;
}

TEST_CASE("alert order: job, then instance, then label set") {
  CHECK(Order({A({{"a", "1"}}), A({{"job", "b"}}), A({{"job", "a"}, {"instance", "2"}}),
               A({{"job", "a"}, {"instance", "1"}}), A({{"job", "a"}}), A({{"instance", "0"}})}) ==
        "{instance=\"1\", job=\"a\"}\n"
        "{instance=\"2\", job=\"a\"}\n"
        "{job=\"a\"}\n"
        "{job=\"b\"}\n"
        "{instance=\"0\"}\n"
        "{a=\"1\"}\n");
  // Without job/instance: fewer labels first.
  CHECK(Order({A({{"a", "1"}, {"b", "1"}}), A({{"z", "1"}}), A({{"a", "2"}})}) ==
        "{a=\"2\"}\n{z=\"1\"}\n{a=\"1\", b=\"1\"}\n");
}

TEST_CASE("alert order: snapshot zeroes ends_at of firing alerts only") {
  const Time now = FromUnixSeconds(1000);
  Alert firing = A({{"a", "1"}});
  firing.ends_at = now + std::chrono::minutes(5);
  Alert resolved = A({{"a", "2"}});
  resolved.ends_at = now - std::chrono::minutes(1);
  Alert at_now = A({{"a", "3"}});
  at_now.ends_at = now;  // ends_at == now counts as resolved
  std::vector<Alert> s = NotificationSnapshot({firing, resolved, at_now}, now);
  REQUIRE(s.size() == 3);
  CHECK(IsZero(s[0].ends_at));
  CHECK(s[1].ends_at == resolved.ends_at);
  CHECK(s[2].ends_at == now);
}

TEST_CASE("alert order: snapshot holds annotations as posted, not as templates") {
  Alert a = A({{"alertname", "Down"}, {"instance", "node-1:9100"}});
  const LabelSet posted = {{"summary", "node-1:9100 is down"}};
  a.annotations = AnnotationSet::Template(posted, a.labels);
  REQUIRE(a.annotations.templated());
  std::vector<Alert> s = NotificationSnapshot({a}, FromUnixSeconds(1000));
  REQUIRE(s.size() == 1);
  CHECK_FALSE(s[0].annotations.templated());
  CHECK(s[0].annotations == AnnotationSet(posted));
  CHECK(s[0].annotations.Expand(s[0].labels) == posted);
}

}  // namespace
}  // namespace overlord
