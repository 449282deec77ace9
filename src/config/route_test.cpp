// Route tree: inheritance (spec 2.2), validation messages, strictness and durations.
#include <doctest/doctest.h>

#include <string>

#include "config/loader.h"

namespace overlord::config {
namespace {

Result<Config> Load(const std::string& text) { return LoadConfigString(text, "alertmanager.yml"); }

// Expects a load error containing `needle`; returns the message for further checks.
std::string ErrorOf(const std::string& text) {
  Result<Config> cfg = Load(text);
  REQUIRE_FALSE(cfg.ok());
  return cfg.error();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* kReceivers = R"(
receivers:
  - name: root
  - name: a
  - name: b
)";

TEST_CASE("route: defaults and inheritance") {
  Result<Config> cfg = Load(std::string(R"(
route:
  receiver: root
  group_by: [cluster, alertname]
  routes:
    - matchers: ['team="db"']
      group_wait: 10s
      routes:
        - match: {service: mysql}
          receiver: a
          repeat_interval: 1h
        - match_re: {service: "pg|postgres"}
          group_by: []
        - matchers: ['x="1"']
          group_by: ['...']
          routes:
            - matchers: ['y="2"']
            - matchers: ['z="3"']
              group_by: [instance]
)") + kReceivers);
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  const Route& root = cfg->route;
  CHECK(root.receiver == "root");
  CHECK(root.group_by == std::vector<std::string>{"alertname", "cluster"});  // sorted
  CHECK(root.group_wait == std::chrono::seconds(30));
  CHECK(root.group_interval == std::chrono::minutes(5));
  CHECK(root.repeat_interval == std::chrono::hours(4));
  CHECK(root.matchers.empty());
  CHECK(root.line == 3);  // where the route's mapping starts

  const Route& db = root.routes.at(0);
  CHECK(db.receiver == "root");  // inherited
  CHECK(db.group_by == root.group_by);
  CHECK(db.group_wait == std::chrono::seconds(10));
  CHECK(db.group_interval == std::chrono::minutes(5));
  REQUIRE(db.matchers.size() == 1);
  CHECK(db.matchers[0].ToString() == R"(team="db")");

  const Route& mysql = db.routes.at(0);
  CHECK(mysql.receiver == "a");
  CHECK(mysql.group_wait == std::chrono::seconds(10));  // from its parent, not the root
  CHECK(mysql.repeat_interval == std::chrono::hours(1));
  REQUIRE(mysql.matchers.size() == 1);
  CHECK(mysql.matchers[0].type() == MatchType::kEqual);

  const Route& pg = db.routes.at(1);
  CHECK(pg.group_by.empty());  // explicit [] overrides the parent (newer behaviour)
  CHECK_FALSE(pg.group_by_all);
  REQUIRE(pg.matchers.size() == 1);
  CHECK(pg.matchers[0].type() == MatchType::kRegex);
  CHECK(pg.matchers[0].Matches("postgres"));
  CHECK_FALSE(pg.matchers[0].Matches("postgres2"));  // anchored

  const Route& all = db.routes.at(2);
  CHECK(all.group_by_all);
  CHECK(all.routes.at(0).group_by_all);  // inherited
  CHECK_FALSE(all.routes.at(1).group_by_all);  // explicit list replaces `...`
  CHECK(all.routes.at(1).group_by == std::vector<std::string>{"instance"});
}

TEST_CASE("route: match, match_re and matchers are ANDed into one list") {
  Result<Config> cfg = Load(std::string(R"(
route:
  receiver: root
  routes:
    - match: {b: "2", a: "1"}
      match_re: {c: "x.*"}
      matchers: ['d!="4", e=~"5"', 'f!~"6"']
)") + kReceivers);
  REQUIRE(cfg.ok());
  const Matchers& m = cfg->route.routes.at(0).matchers;
  REQUIRE(m.size() == 6);
  CHECK(MatchersToString(m) == R"({a="1",b="2",c=~"^(?:x.*)$",d!="4",e=~"5",f!~"6"})");
}

TEST_CASE("route: mute and active time intervals are not inherited") {
  Result<Config> cfg = Load(std::string(R"(
time_intervals:
  - name: nights
    time_intervals: [{times: [{start_time: "00:00", end_time: "06:00"}]}]
mute_time_intervals:
  - name: weekends
    time_intervals: [{weekdays: [saturday, sunday]}]
route:
  receiver: root
  routes:
    - receiver: a
      mute_time_intervals: [weekends]
      active_time_intervals: [nights]
      routes:
        - receiver: b
)") + kReceivers);
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  const Route& a = cfg->route.routes.at(0);
  CHECK(a.mute_time_intervals == std::vector<std::string>{"weekends"});
  CHECK(a.active_time_intervals == std::vector<std::string>{"nights"});
  CHECK(a.routes.at(0).mute_time_intervals.empty());
  CHECK(a.routes.at(0).active_time_intervals.empty());
  CHECK(cfg->time_intervals.size() == 2);
}

TEST_CASE("route: strictness names file, line, column and field") {
  std::string err = ErrorOf(std::string(R"(
route:
  receiver: root
  group-by: [alertname]
)") + kReceivers);
  CHECK(Contains(err, "alertmanager.yml:4:3: route.group-by: field group-by not found"));

  err = ErrorOf(std::string(R"(
route:
  receiver: root
  routes:
    - receiver: a
      continue: true
      reciever: b
)") + kReceivers);
  CHECK(Contains(err, "alertmanager.yml:7:7: route.routes[0].reciever: field reciever not found"));

  err = ErrorOf(std::string(R"(
route:
  receiver: root
  receiver: a
)") + kReceivers);
  CHECK(Contains(err, "alertmanager.yml:4:3: route.receiver: key \"receiver\" already set in map"));

  err = ErrorOf(std::string(R"(
route:
  receiver: root
  routes:
    - receiver: a
      continue: "yes"
)") + kReceivers);
  CHECK(Contains(err, "route.routes[0].continue: cannot unmarshal !!str \"yes\" into bool"));

  err = ErrorOf(std::string(R"(
route:
  receiver: root
  group_by: alertname
)") + kReceivers);
  CHECK(Contains(err, "route.group_by: cannot unmarshal !!str into a list"));

  err = ErrorOf("route: [1, 2]\n");
  CHECK(Contains(err, "alertmanager.yml:1:8: route: cannot unmarshal !!seq into route"));

  err = ErrorOf("route:\n  receiver: x\n bad indentation: [\n");
  CHECK(Contains(err, "alertmanager.yml:"));
  CHECK(Contains(err, "yaml:"));

  err = ErrorOf(std::string("route: {receiver: root}\nfoo: 1\n") + kReceivers);
  CHECK(Contains(err, "alertmanager.yml:2:1: foo: field foo not found"));
}

TEST_CASE("route: durations") {
  std::string err = ErrorOf(std::string(R"(
route:
  receiver: root
  routes:
    - receiver: a
      group_wait: 5x
)") + kReceivers);
  CHECK(Contains(err, "alertmanager.yml:6:19: route.routes[0].group_wait: not a valid duration \"5x\""));
  CHECK(Contains(ErrorOf(std::string("route: {receiver: root, group_wait: 1.5h}\n") + kReceivers),
                 "not a valid duration \"1.5h\""));
  CHECK(Contains(ErrorOf(std::string("route: {receiver: root, group_wait: ''}\n") + kReceivers),
                 "not a valid duration \"\""));
  CHECK(Contains(ErrorOf(std::string("route: {receiver: root, group_wait: 30m1h}\n") + kReceivers),
                 "not a valid duration"));

  Result<Config> cfg = Load(std::string(R"(
global: {resolve_timeout: 1h30m}
route: {receiver: root, group_wait: 0, group_interval: 1d, repeat_interval: 1w2d}
)") + kReceivers);
  REQUIRE(cfg.ok());
  CHECK(cfg->global.resolve_timeout == std::chrono::minutes(90));
  CHECK(cfg->route.group_wait == Duration(0));
  CHECK(cfg->route.group_interval == std::chrono::hours(24));
  CHECK(cfg->route.repeat_interval == std::chrono::hours(24 * 9));
}

TEST_CASE("route: every validation message") {
  struct Case {
    std::string yaml;
    std::string message;
  };
  const Case cases[] = {
      {"", "alertmanager.yml: no route provided in config"},
      {"receivers: [{name: a}]\n", "no route provided in config"},
      {"route: {receiver: root, continue: true}\n", "cannot have continue in root route"},
      {"route: {group_wait: 1m}\n", "route: root route must specify a default receiver"},
      {"route: {receiver: root, match: {a: b}}\n", "root route must not have any matchers"},
      {"route: {receiver: root, match_re: {a: b}}\n", "root route must not have any matchers"},
      {"route: {receiver: root, matchers: ['a=b']}\n", "root route must not have any matchers"},
      {"route: {receiver: root, mute_time_intervals: [x]}\n",
       "root route must not have any mute time intervals"},
      {"route: {receiver: root, active_time_intervals: [x]}\n",
       "root route must not have any active time intervals"},
      {"route: {receiver: nope}\n", "route.receiver: undefined receiver \"nope\" used in route"},
      {"route: {receiver: root, routes: [{receiver: X}]}\n",
       "route.routes[0].receiver: undefined receiver \"X\" used in route"},
      {"route: {receiver: root, routes: [{mute_time_intervals: [later]}]}\n",
       "route.routes[0].mute_time_intervals[0]: undefined time interval \"later\" used in route"},
      {"route: {receiver: root, routes: [{active_time_intervals: [later]}]}\n",
       "undefined time interval \"later\" used in route"},
      {"route: {receiver: root, group_by: ['']}\n",
       "route.group_by[0]: invalid label name \"\" in group_by list"},
      {"route: {receiver: root, group_by: ['...', a]}\n",
       "cannot have wildcard group_by (`...`) and other labels at the same time"},
      {"route: {receiver: root, group_by: [a, b, a]}\n", "duplicated label \"a\" in group_by"},
      {"route: {receiver: root, group_interval: 0}\n", "route.group_interval: group_interval cannot be zero"},
      {"route: {receiver: root, repeat_interval: 0s}\n", "repeat_interval cannot be zero"},
      {"route: {receiver: root, routes: [{match: {foo-bar: x}}]}\n",
       "route.routes[0].match.foo-bar: invalid label name \"foo-bar\""},
      {"route: {receiver: root, routes: [{match_re: {foo: '(unclosed'}}]}\n",
       "invalid regexp value for \"foo\""},
      {"route: {receiver: root, routes: [{match_re: {foo: }}]}\n",
       "invalid regexp value for \"foo\""},
      {"route: {receiver: root, routes: [{matchers: ['foo']}]}\n",
       "route.routes[0].matchers[0]: "},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    std::string yaml = c.yaml;
    if (yaml.find("receivers:") == std::string::npos && !yaml.empty()) yaml += kReceivers;
    std::string err = ErrorOf(yaml);
    CHECK_MESSAGE(Contains(err, c.message), err);
  }
}

TEST_CASE("route: timer warnings") {
  Result<Config> cfg = Load(std::string(R"(
route:
  receiver: root
  group_interval: 10m
  repeat_interval: 5m
  routes:
    - receiver: a
    - receiver: b
      repeat_interval: 200h
)") + kReceivers);
  REQUIRE(cfg.ok());
  REQUIRE(cfg->warnings.size() == 2);  // the inheriting child does not repeat the warning
  CHECK(Contains(cfg->warnings[0], "alertmanager.yml:3:3: route: repeat_interval is less than group_interval"));
  CHECK(Contains(cfg->warnings[1], "route.routes[1]: repeat_interval is greater than the data retention"));
}

}  // namespace
}  // namespace overlord::config

namespace overlord::config {
namespace {

TEST_CASE("yaml: anchors and merge keys work as in yaml.v2") {
  Result<Config> cfg = Load(std::string(R"(
defaults: &defaults
  group_wait: 1m
  receiver: a
route:
  receiver: root
  routes:
    - <<: *defaults
      matchers: ['x="1"']
    - <<: *defaults
      receiver: b
)") + kReceivers);
  // `defaults` is not a config key; Alertmanager rejects it too.
  REQUIRE_FALSE(cfg.ok());
  CHECK(Contains(cfg.error(), "alertmanager.yml:2:1: defaults: field defaults not found"));

  cfg = Load(std::string(R"(
route:
  receiver: root
  group_wait: &gw 1m
  routes:
    - &child
      receiver: a
      group_interval: 2m
    - <<: *child
      receiver: b
      group_wait: *gw
)") + kReceivers);
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  const Route& second = cfg->route.routes.at(1);
  CHECK(second.receiver == "b");  // explicit key wins over the merged one
  CHECK(second.group_interval == std::chrono::minutes(2));
  CHECK(second.group_wait == std::chrono::minutes(1));
}

}  // namespace
}  // namespace overlord::config

namespace overlord::config {

TEST_CASE("match_re values are kept anchored as Alertmanager 0.25 prints them (route keys)") {
  Result<Config> cfg = LoadConfigString(R"(
route:
  receiver: r
  routes:
    - receiver: r
      match_re: {service: "a|b"}
receivers: [{name: r}]
)", "t.yml");
  REQUIRE(cfg.ok());
  CHECK(MatchersToString(cfg->route.routes[0].matchers) == R"({service=~"^(?:a|b)$"})");
  CHECK(cfg->route.routes[0].matchers[0].Matches("a"));
  CHECK_FALSE(cfg->route.routes[0].matchers[0].Matches("ab"));
}

}  // namespace overlord::config
