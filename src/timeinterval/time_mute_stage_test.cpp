// TimeMuteStage: route-level muting by active/mute_time_intervals (spec 5.4, 9, 16.6).
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "config/loader.h"
#include "routes/route.h"
#include "timeinterval/time_mute_stage.h"

namespace overlord::timeinterval {
namespace {

Time At(const char* rfc3339) {
  Result<Time> t = ParseRFC3339(rfc3339);
  REQUIRE_MESSAGE(t.ok(), rfc3339);
  return *t;
}

// Routes, in tree order: root, {team="ops"} (mute: weekend, night), its child
// {sev="page"} (nothing: intervals are not inherited), {team="dev"} (active: office),
// {team="both"} (active: office, mute: lunch).
const char* kConfig = R"(
route:
  receiver: r
  routes:
    - matchers: [team="ops"]
      mute_time_intervals: [weekend, night]
      routes:
        - matchers: [sev="page"]
    - matchers: [team="dev"]
      active_time_intervals: [office]
    - matchers: [team="both"]
      active_time_intervals: [office, saturday-morning]
      mute_time_intervals: [lunch]
receivers: [{name: r}]
time_intervals:
  - name: office
    time_intervals:
      - weekdays: ['monday:friday']
        times: [{start_time: '09:00', end_time: '17:00'}]
        location: Europe/Berlin
  - name: saturday-morning
    time_intervals: [{weekdays: [saturday], times: [{start_time: '08:00', end_time: '12:00'}]}]
  - name: lunch
    time_intervals: [{times: [{start_time: '12:00', end_time: '13:00'}], location: Europe/Berlin}]
mute_time_intervals:
  - name: weekend
    time_intervals: [{weekdays: [saturday, sunday]}]
  - name: night
    time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]
)";

struct Fixture {
  Fixture() {
    Result<config::Config> cfg = config::LoadConfigString(kConfig, "alertmanager.yml");
    REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
    tree = std::make_unique<routes::RoutingTree>(cfg->route);
    Result<TimeIntervalSet> set = TimeIntervalSet::Create(cfg->time_intervals);
    REQUIRE(set.ok());
    stage = std::make_unique<TimeMuteStage>(
        std::make_shared<const TimeIntervalSet>(std::move(set).value()));
    nodes = tree->AllNodes();
    REQUIRE(nodes.size() == 5);
  }
  // "-" when not muted, else the reason.
  std::string Mutes(int node, const char* when) const {
    std::optional<std::string> why = stage->Mutes(alert, At(when), *nodes[node]);
    return why.value_or("-");
  }
  std::string MutedBy(int node, const char* when) const {
    std::string out;
    for (const std::string& name : stage->MutedBy(*nodes[node], At(when))) out += name + ";";
    return out;
  }

  std::unique_ptr<routes::RoutingTree> tree;
  std::unique_ptr<TimeMuteStage> stage;
  std::vector<const routes::RouteNode*> nodes;
  Alert alert;  // the stage ignores the alert: muting is per route
};

constexpr int kRoot = 0, kOps = 1, kOpsPage = 2, kDev = 3, kBoth = 4;

TEST_CASE("mute_time_intervals mute while any is active") {
  Fixture f;
  CHECK(f.Mutes(kOps, "2024-05-08T10:00:00Z") == "-");  // Wednesday
  CHECK(f.Mutes(kOps, "2024-05-11T10:00:00Z") == "mute_time_interval");  // Saturday
  CHECK(f.Mutes(kOps, "2024-05-08T05:59:59Z") == "mute_time_interval");  // night
  CHECK(f.Mutes(kOps, "2024-05-08T06:00:00Z") == "-");  // end exclusive
  CHECK(f.MutedBy(kOps, "2024-05-11T03:00:00Z") == "weekend;night;");
  CHECK(f.MutedBy(kOps, "2024-05-11T10:00:00Z") == "weekend;");
  CHECK(f.MutedBy(kOps, "2024-05-08T10:00:00Z") == "");
}

TEST_CASE("intervals are not inherited and the root has none") {
  Fixture f;
  CHECK(f.Mutes(kOpsPage, "2024-05-11T10:00:00Z") == "-");
  CHECK(f.Mutes(kRoot, "2024-05-11T10:00:00Z") == "-");
  CHECK(f.MutedBy(kOpsPage, "2024-05-11T10:00:00Z") == "");
}

TEST_CASE("active_time_intervals mute while none is active") {
  Fixture f;
  // Office hours are Berlin time: 07:00Z is 09:00 CEST.
  CHECK(f.Mutes(kDev, "2024-05-08T06:59:59Z") == "active_time_interval");
  CHECK(f.Mutes(kDev, "2024-05-08T07:00:00Z") == "-");
  CHECK(f.Mutes(kDev, "2024-05-08T14:59:59Z") == "-");
  CHECK(f.Mutes(kDev, "2024-05-08T15:00:00Z") == "active_time_interval");
  CHECK(f.Mutes(kDev, "2024-05-11T10:00:00Z") == "active_time_interval");
  CHECK(f.MutedBy(kDev, "2024-05-11T10:00:00Z") == "office;");
  CHECK(f.MutedBy(kDev, "2024-05-08T10:00:00Z") == "");
}

TEST_CASE("both lists: active and not muted; inactive reports every active interval") {
  Fixture f;
  CHECK(f.Mutes(kBoth, "2024-05-08T08:00:00Z") == "-");                    // 10:00 Berlin
  CHECK(f.Mutes(kBoth, "2024-05-08T10:30:00Z") == "mute_time_interval");   // lunch in Berlin
  CHECK(f.MutedBy(kBoth, "2024-05-08T10:30:00Z") == "lunch;");
  CHECK(f.Mutes(kBoth, "2024-05-11T09:00:00Z") == "-");                    // Saturday morning
  CHECK(f.Mutes(kBoth, "2024-05-11T10:30:00Z") == "mute_time_interval");   // ...but lunch
  CHECK(f.Mutes(kBoth, "2024-05-12T10:30:00Z") == "active_time_interval"); // Sunday: inactive wins
  CHECK(f.MutedBy(kBoth, "2024-05-12T10:30:00Z") == "office;saturday-morning;");
}

TEST_CASE("concurrent flushes may ask at once") {
  Fixture f;
  std::vector<std::thread> threads;
  std::vector<int> muted(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&f, &muted, i] {
      for (int k = 0; k < 2000; ++k) {
        Time t = FromUnixSeconds(1715000000 + k * 3600);
        if (f.stage->Mutes(f.alert, t, *f.nodes[kDev]).has_value()) ++muted[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 1; i < 4; ++i) CHECK(muted[i] == muted[0]);
  CHECK(muted[0] > 0);
  CHECK(muted[0] < 2000);
}

}  // namespace
}  // namespace overlord::timeinterval
