#include "silence/silences.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace overlord {
namespace {

using namespace std::chrono_literals;

Time T(std::int64_t s) { return FromUnixSeconds(s); }

Matchers M(std::vector<MatcherSpec> specs) {
  Result<Matchers> ms = CompileSilenceMatchers(specs);
  REQUIRE_MESSAGE(ms.ok(), ms.error());
  return *ms;
}

// Predictable ids: id-1, id-2, ...
SilencesOptions Counting() {
  SilencesOptions o;
  auto n = std::make_shared<int>(0);
  o.new_id = [n] { return "id-" + std::to_string(++*n); };
  return o;
}

Silence Posted(std::string id, Matchers ms, Time start, Time end) {
  Silence s;
  s.id = std::move(id);
  s.matchers = std::move(ms);
  s.starts_at = start;
  s.ends_at = end;
  s.created_by = "alice";
  s.comment = "maintenance";
  return s;
}

Silence Disk(Time start, Time end, std::string id = "") {
  return Posted(std::move(id), M({{"alertname", "Disk", false, true}}), start, end);
}

std::string Sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

// In-memory SilenceStore that can be told to fail.
class FakeStore final : public SilenceStore {
 public:
  Status Save(const std::vector<Silence>& silences) override {
    if (fail) return Error{"disk full"};
    ++saves;
    for (const Silence& s : silences) rows[s.id] = s;
    return Status::Ok();
  }
  Status Delete(const std::vector<std::string>& ids) override {
    if (fail) return Error{"disk full"};
    for (const auto& id : ids) rows.erase(id);
    return Status::Ok();
  }
  Result<std::vector<Silence>> LoadAll() override {
    if (fail) return Error{"disk full"};
    std::vector<Silence> out;
    for (const auto& [id, s] : rows) out.push_back(s);
    return out;
  }
  std::map<std::string, Silence> rows;
  bool fail = false;
  int saves = 0;
};

TEST_CASE("Set creates a silence: new id, startsAt clamped to now, updatedAt = now") {
  Silences silences(Counting());
  Result<std::string> id = silences.Set(Disk(T(500), T(2000)), T(1000));
  REQUIRE_MESSAGE(id.ok(), id.error());
  CHECK(*id == "id-1");
  std::optional<Silence> s = silences.Get("id-1");
  REQUIRE(s.has_value());
  CHECK(s->starts_at == T(1000));
  CHECK(s->ends_at == T(2000));
  CHECK(s->updated_at == T(1000));
  CHECK(s->created_by == "alice");
  CHECK(s->comment == "maintenance");

  // A future start is kept (pending); a zero start means now.
  CHECK(*silences.Set(Disk(T(1500), T(2000)), T(1000)) == "id-2");
  CHECK(silences.Get("id-2")->starts_at == T(1500));
  CHECK(*silences.Set(Disk(kZeroTime, T(2000)), T(1000)) == "id-3");
  CHECK(silences.Get("id-3")->starts_at == T(1000));
  CHECK(silences.size() == 3);
}

TEST_CASE("Set: unknown id is not found; invalid silences are rejected with a prefix") {
  Silences silences(Counting());
  Result<std::string> r = silences.Set(Disk(T(1000), T(2000), "nope"), T(1000));
  REQUIRE(!r.ok());
  CHECK(IsSilenceNotFound(r.error()));
  CHECK(r.error() == "silence not found");

  Silence bad = Disk(T(1000), T(2000));
  bad.matchers = M({{"foo", "", false, true}});
  r = silences.Set(bad, T(1000));
  REQUIRE(!r.ok());
  CHECK(r.error() == "invalid silence: at least one matcher must not match the empty string");
  CHECK(!IsSilenceNotFound(r.error()));
  // Validation comes before the id lookup (Alertmanager 0.26+).
  bad.id = "nope";
  r = silences.Set(bad, T(1000));
  REQUIRE(!r.ok());
  CHECK(r.error() == "invalid silence: at least one matcher must not match the empty string");
  CHECK(silences.size() == 0);
}

TEST_CASE("Set on an active silence: in place only with same matchers, startsAt and endsAt >= now") {
  Silences silences(Counting());
  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");

  SUBCASE("longer endsAt, startsAt equal to the second: same id") {
    Silence b = Disk(T(1000) + 400ms, T(3000), "id-1");  // e.g. milliseconds lost in a GET
    b.comment = "extended";
    CHECK(*silences.Set(b, T(1500)) == "id-1");
    Silence s = *silences.Get("id-1");
    CHECK(s.ends_at == T(3000));
    CHECK(s.comment == "extended");
    CHECK(s.updated_at == T(1500));
    CHECK(silences.size() == 1);
  }
  SUBCASE("endsAt moved to exactly now: still in place") {
    CHECK(*silences.Set(Disk(T(1000), T(1500), "id-1"), T(1500)) == "id-1");
    CHECK(silences.Get("id-1")->State(T(1500)) == SilenceState::kExpired);
  }
  SUBCASE("changed startsAt: new id, old expired now (spec 16.17)") {
    CHECK(*silences.Set(Disk(T(1200), T(3000), "id-1"), T(1500)) == "id-2");
    Silence old = *silences.Get("id-1");
    CHECK(old.ends_at == T(1500));
    CHECK(old.updated_at == T(1500));
    CHECK(old.starts_at == T(1000));
    Silence fresh = *silences.Get("id-2");
    CHECK(fresh.starts_at == T(1500));  // clamped to now
    CHECK(fresh.ends_at == T(3000));
  }
  SUBCASE("changed matchers: new id, old expired") {
    Silence b = Posted("id-1", M({{"alertname", "Disk", false, true}, {"dc", "eu", false, true}}),
                       T(1000), T(3000));
    CHECK(*silences.Set(b, T(1500)) == "id-2");
    CHECK(silences.Get("id-1")->State(T(1500)) == SilenceState::kExpired);
    CHECK(silences.Get("id-2")->State(T(1500)) == SilenceState::kActive);
  }
  SUBCASE("same matchers in another order are different matchers") {
    Silences two(Counting());
    Matchers ab = M({{"a", "1", false, true}, {"b", "2", false, true}});
    Matchers ba = M({{"b", "2", false, true}, {"a", "1", false, true}});
    REQUIRE(*two.Set(Posted("", ab, T(1000), T(2000)), T(1000)) == "id-1");
    CHECK(*two.Set(Posted("id-1", ba, T(1000), T(2000)), T(1000)) == "id-2");
  }
  SUBCASE("matcher type change (= to =~) is a change") {
    Silence b = Posted("id-1", M({{"alertname", "Disk", true, true}}), T(1000), T(3000));
    CHECK(*silences.Set(b, T(1500)) == "id-2");
  }
}

TEST_CASE("Set on a pending silence: in place iff the new startsAt is not in the past") {
  Silences silences(Counting());
  REQUIRE(*silences.Set(Disk(T(2000), T(3000)), T(1000)) == "id-1");

  SUBCASE("moved start, still future: same id") {
    CHECK(*silences.Set(Disk(T(2500), T(4000), "id-1"), T(1000)) == "id-1");
    CHECK(silences.Get("id-1")->starts_at == T(2500));
    CHECK(silences.Get("id-1")->ends_at == T(4000));
  }
  SUBCASE("start exactly now: same id, becomes active") {
    CHECK(*silences.Set(Disk(T(1000), T(4000), "id-1"), T(1000)) == "id-1");
    CHECK(silences.Get("id-1")->State(T(1000)) == SilenceState::kActive);
  }
  SUBCASE("start in the past: new id; the pending one is expired with start = end = now") {
    CHECK(*silences.Set(Disk(T(900), T(4000), "id-1"), T(1000)) == "id-2");
    Silence old = *silences.Get("id-1");
    CHECK(old.starts_at == T(1000));
    CHECK(old.ends_at == T(1000));
    CHECK(silences.Get("id-2")->starts_at == T(1000));
  }
}

TEST_CASE("Set on an expired silence always creates a new one and leaves the old untouched") {
  Silences silences(Counting());
  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");
  CHECK(*silences.Set(Disk(T(1000), T(5000), "id-1"), T(3000)) == "id-2");
  Silence old = *silences.Get("id-1");
  CHECK(old.ends_at == T(2000));
  CHECK(old.updated_at == T(1000));
  CHECK(silences.Get("id-2")->starts_at == T(3000));
}

TEST_CASE("Expire") {
  Silences silences(Counting());
  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");  // active
  REQUIRE(*silences.Set(Disk(T(3000), T(4000)), T(1000)) == "id-2");  // pending

  REQUIRE(silences.Expire("id-1", T(1500)).ok());
  Silence a = *silences.Get("id-1");
  CHECK(a.starts_at == T(1000));
  CHECK(a.ends_at == T(1500));
  CHECK(a.updated_at == T(1500));
  CHECK(a.State(T(1500)) == SilenceState::kExpired);

  REQUIRE(silences.Expire("id-2", T(1500)).ok());
  Silence p = *silences.Get("id-2");
  CHECK(p.starts_at == T(1500));
  CHECK(p.ends_at == T(1500));

  // Already expired: nothing changes, no error.
  std::uint64_t v = silences.version();
  REQUIRE(silences.Expire("id-1", T(1800)).ok());
  CHECK(silences.Get("id-1")->ends_at == T(1500));
  CHECK(silences.version() == v);

  Status unknown = silences.Expire("nope", T(1500));
  REQUIRE(!unknown.ok());
  CHECK(IsSilenceNotFound(unknown.error()));
}

TEST_CASE("Query keeps silences containing an identical matcher for every filter matcher") {
  Silences silences(Counting());
  REQUIRE(silences.Set(Posted("", M({{"alertname", "Disk", false, true}, {"dc", "eu", false, true}}),
                              T(1000), T(2000)),
                       T(1000))
              .ok());  // id-1
  REQUIRE(silences.Set(Posted("", M({{"alertname", "Disk", true, true}}), T(1000), T(2000)), T(1000))
              .ok());  // id-2
  REQUIRE(silences.Set(Posted("", M({{"dc", "eu", false, false}}), T(3000), T(4000)), T(1000))
              .ok());  // id-3, pending
  auto ids = [&](std::vector<std::string> filters, SilenceStates states = {}) {
    Matchers f;
    for (const auto& text : filters) f.push_back(*ParseMatcher(text));
    std::vector<std::string> out;
    for (const Silence& s : silences.Query(f, T(1000), states)) out.push_back(s.id);
    return Sorted(out);
  };
  CHECK(ids({}) == "id-1,id-2,id-3");
  CHECK(ids({R"(alertname="Disk")"}) == "id-1");
  CHECK(ids({R"(alertname=~"Disk")"}) == "id-2");
  CHECK(ids({R"(alertname=~"D.*")"}) == "");  // no label matching: identical matchers only
  CHECK(ids({R"(dc="eu")", R"(alertname="Disk")"}) == "id-1");
  CHECK(ids({R"(dc!="eu")"}) == "id-3");
  CHECK(ids({R"(dc="us")"}) == "");
  CHECK(ids({}, SilenceStates{true, false, false}) == "id-1,id-2");
  CHECK(ids({}, SilenceStates{false, true, false}) == "id-3");
  CHECK(ids({}, SilenceStates{false, false, true}) == "");
}

TEST_CASE("SortSilencesForApi: active by endsAt asc, pending by startsAt asc, expired by endsAt desc") {
  std::vector<Silence> v = {
      Disk(T(0), T(50), "expired-old"),    Disk(T(200), T(900), "pending-late"),
      Disk(T(0), T(500), "active-late"),   Disk(T(0), T(80), "expired-new"),
      Disk(T(150), T(300), "pending-soon"), Disk(T(0), T(120), "active-soon"),
  };
  SortSilencesForApi(v, T(100));
  std::string order;
  for (const Silence& s : v) order += s.id + " ";
  CHECK(order == "active-soon active-late pending-soon pending-late expired-new expired-old ");
}

TEST_CASE("GarbageCollect removes silences ended at least `retention` ago") {
  FakeStore store;
  Silences silences(Counting(), &store);
  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");
  REQUIRE(*silences.Set(Disk(T(1000), T(3000)), T(1000)) == "id-2");
  Result<std::size_t> n = silences.GarbageCollect(T(2000) + 120h - 1ns, 120h);
  REQUIRE(n.ok());
  CHECK(*n == 0);
  n = silences.GarbageCollect(T(2000) + 120h, 120h);
  REQUIRE(n.ok());
  CHECK(*n == 1);
  CHECK(!silences.Get("id-1").has_value());
  CHECK(silences.Get("id-2").has_value());
  CHECK(store.rows.count("id-1") == 0);
  CHECK(store.rows.count("id-2") == 1);
  // A collected id is unknown from then on.
  CHECK(IsSilenceNotFound(silences.Set(Disk(T(1000), T(9000), "id-1"), T(2000)).error()));

  store.fail = true;
  CHECK(!silences.GarbageCollect(T(3000) + 120h, 120h).ok());
  CHECK(silences.Get("id-2").has_value());  // nothing changes when the store fails
}

TEST_CASE("Limits: max silences counts expired ones; size limit") {
  SilencesOptions o = Counting();
  o.max_silences = 2;
  Silences silences(o);
  REQUIRE(silences.Set(Disk(T(1000), T(2000)), T(1000)).ok());
  REQUIRE(silences.Expire("id-1", T(1000)).ok());
  REQUIRE(silences.Set(Disk(T(1000), T(2000)), T(1000)).ok());  // id-2
  Result<std::string> r = silences.Set(Disk(T(1000), T(2000)), T(1000));
  REQUIRE(!r.ok());
  CHECK(r.error() == "exceeded maximum number of silences: 2 (limit: 2)");
  // An update in place creates nothing, so it is allowed at the limit...
  CHECK(*silences.Set(Disk(T(1000), T(3000), "id-2"), T(1000)) == "id-2");
  // ...but a replacement is not.
  CHECK(!silences.Set(Disk(T(1000), T(3000), "id-1"), T(1000)).ok());

  SilencesOptions small = Counting();
  small.max_silence_size_bytes = 100;
  Silences sized(small);
  REQUIRE(sized.Set(Disk(T(1000), T(2000)), T(1000)).ok());
  Silence big = Disk(T(1000), T(2000));
  big.comment = std::string(200, 'x');
  r = sized.Set(big, T(1000));
  REQUIRE(!r.ok());
  CHECK(r.error().rfind("silence exceeded maximum size: ", 0) == 0);
  CHECK(r.error().find(" bytes (limit: 100 bytes)") != std::string::npos);
}

TEST_CASE("Changes are saved before they are applied; a failed save changes nothing") {
  FakeStore store;
  Silences silences(Counting(), &store);
  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");
  CHECK(store.rows.at("id-1") == *silences.Get("id-1"));
  // A replacement saves the expired old silence and the new one together.
  int saves = store.saves;
  REQUIRE(*silences.Set(Disk(T(1200), T(2000), "id-1"), T(1500)) == "id-2");
  CHECK(store.saves == saves + 1);
  CHECK(store.rows.at("id-1").ends_at == T(1500));
  CHECK(store.rows.count("id-2") == 1);

  store.fail = true;
  std::uint64_t v = silences.version();
  Result<std::string> r = silences.Set(Disk(T(1000), T(2000)), T(1500));
  REQUIRE(!r.ok());
  CHECK(r.error() == "disk full");
  CHECK(!silences.Expire("id-2", T(1600)).ok());
  CHECK(silences.Get("id-2")->State(T(1600)) == SilenceState::kActive);
  CHECK(silences.size() == 2);
  CHECK(silences.version() == v);

  // Another registry over the same store sees everything acknowledged.
  store.fail = false;
  Silences reloaded(Counting(), &store);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.size() == 2);
  CHECK(*reloaded.Get("id-2") == *silences.Get("id-2"));
  CHECK(reloaded.MutedBy(LabelSet{{"alertname", "Disk"}}, T(1600)) == std::vector<std::string>{"id-2"});
}

TEST_CASE("MutedBy: only active silences whose matchers all match") {
  Silences silences(Counting());
  REQUIRE(silences.Set(Posted("", M({{"alertname", "Disk", false, true}, {"dc", "eu", false, true}}),
                              T(1000), T(2000)),
                       T(1000))
              .ok());  // id-1
  REQUIRE(silences.Set(Posted("", M({{"severity", "crit", true, true}}), T(1000), T(2000)), T(1000))
              .ok());  // id-2: anchored regex: does not match "critical"
  REQUIRE(silences.Set(Posted("", M({{"team", "", false, false}}), T(1000), T(2000)), T(1000))
              .ok());  // id-3: team present
  REQUIRE(silences.Set(Posted("", M({{"alertname", "Disk", false, true}}), T(1500), T(2000)), T(1000))
              .ok());  // id-4: pending until 1500
  REQUIRE(silences.Set(Posted("", M({{"job", "x", false, true}, {"dc", "", false, true}}), T(1000),
                              T(2000)),
                       T(1000))
              .ok());  // id-5: dc must be absent

  CHECK(Sorted(silences.MutedBy(LabelSet{{"alertname", "Disk"}, {"dc", "eu"}}, T(1000))) == "id-1");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"alertname", "Disk"}, {"dc", "us"}}, T(1000))) == "");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"severity", "critical"}}, T(1000))) == "");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"severity", "crit"}, {"team", "db"}}, T(1000))) ==
        "id-2,id-3");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"job", "x"}}, T(1000))) == "id-5");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"job", "x"}, {"dc", "eu"}}, T(1000))) == "");
  // Time alone moves silences between states, without any change to the registry.
  CHECK(Sorted(silences.MutedBy(LabelSet{{"alertname", "Disk"}, {"dc", "eu"}}, T(1500))) ==
        "id-1,id-4");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"alertname", "Disk"}, {"dc", "eu"}}, T(2000))) == "");
  // Times may also be asked out of order (concurrent flushes take their own `now`).
  CHECK(Sorted(silences.MutedBy(LabelSet{{"alertname", "Disk"}, {"dc", "eu"}}, T(1000))) == "id-1");
}

TEST_CASE("MutedBy's cache follows every change") {
  Silences silences(Counting());
  const LabelSet alert{{"alertname", "Disk"}, {"instance", "db-1"}};
  CHECK(silences.MutedBy(alert, T(1000)).empty());  // cached: nothing matches

  REQUIRE(*silences.Set(Disk(T(1000), T(2000)), T(1000)) == "id-1");
  CHECK(Sorted(silences.MutedBy(alert, T(1000))) == "id-1");

  // A regex silence added later is found through the change log.
  REQUIRE(silences.Set(Posted("", M({{"instance", "db-.*", true, true}}), T(1000), T(2000)), T(1000))
              .ok());  // id-2
  CHECK(Sorted(silences.MutedBy(alert, T(1000))) == "id-1,id-2");

  // Update in place (shorter end) is seen.
  REQUIRE(*silences.Set(Disk(T(1000), T(1200), "id-1"), T(1100)) == "id-1");
  CHECK(Sorted(silences.MutedBy(alert, T(1100))) == "id-1,id-2");
  CHECK(Sorted(silences.MutedBy(alert, T(1200))) == "id-2");

  REQUIRE(silences.Expire("id-2", T(1100)).ok());
  CHECK(Sorted(silences.MutedBy(alert, T(1100))) == "id-1");

  // Replacement: the old one expires, the new one mutes.
  REQUIRE(*silences.Set(Disk(T(1100), T(5000), "id-1"), T(1150)) == "id-3");
  CHECK(Sorted(silences.MutedBy(alert, T(1150))) == "id-3");

  // Garbage collection forgets the collected ones.
  REQUIRE(*silences.GarbageCollect(T(1200) + 1h, 1h) == 2);
  CHECK(Sorted(silences.MutedBy(alert, T(1200) + 1h)) == "id-3");
  silences.ForgetFingerprints({FingerprintOf(alert)});
  CHECK(Sorted(silences.MutedBy(alert, T(1300))) == "id-3");
}

TEST_CASE("MutedBy finds regex silences whatever their literal prefix") {
  Silences silences(Counting());
  for (const char* re : {"(?i)HOST-1.*", "db-1|web-2", "db-(1|2)", "db-1", ".*-1", "d.+"}) {
    REQUIRE(silences.Set(Posted("", M({{"instance", re, true, true}}), T(1000), T(2000)), T(1000))
                .ok());
  }
  CHECK(Sorted(silences.MutedBy(LabelSet{{"instance", "host-17"}}, T(1000))) == "id-1");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"instance", "db-1"}}, T(1000))) ==
        "id-2,id-3,id-4,id-5,id-6");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"instance", "web-2"}}, T(1000))) == "id-2");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"instance", "db-2"}}, T(1000))) == "id-3,id-6");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"instance", "d"}}, T(1000))) == "");
  CHECK(Sorted(silences.MutedBy(LabelSet{{"job", "db-1"}}, T(1000))) == "");
}

// A team's silences all carry team="infra"; what tells them apart is the instance. Filing
// them all under team="infra" made every infra alert a candidate for each of them (10k
// silences: 1.7 s median flush lateness in the benchmark's storm).
TEST_CASE("Silences sharing a matcher are filed under their rarer ones, so few are checked") {
  Silences silences(Counting());
  const int kSilences = 1000;
  for (int i = 0; i < kSilences; ++i) {
    std::string k = std::to_string(i);
    MatcherSpec instance = i % 2 == 0
                               ? MatcherSpec{"instance", "silenced-" + k, false, true}
                               : MatcherSpec{"instance", "silenced-" + k + "-.*", true, true};
    REQUIRE(silences
                .Set(Posted("", M({{"team", "infra", false, true}, instance}), T(1000), T(2000)),
                     T(1000))
                .ok());
  }
  auto checked = [&](const LabelSet& alert, std::string* muted) {
    std::uint64_t before = silences.evaluations();
    *muted = Sorted(silences.MutedBy(alert, T(1500)));
    return silences.evaluations() - before;
  };
  std::string muted;
  // The first silence had no company and took team="infra"; each later one found its
  // instance bucket emptier.
  CHECK(checked(LabelSet{{"team", "infra"}, {"instance", "db-1"}}, &muted) <= 1);
  CHECK(muted == "");
  CHECK(checked(LabelSet{{"team", "infra"}, {"instance", "silenced-6"}}, &muted) <= 2);
  CHECK(muted == "id-7");
  CHECK(checked(LabelSet{{"team", "infra"}, {"instance", "silenced-7-a"}}, &muted) <= 2);
  CHECK(muted == "id-8");
  CHECK(checked(LabelSet{{"team", "web"}, {"instance", "silenced-7-a"}}, &muted) <= 1);
  CHECK(muted == "");

  // Removal finds each silence where it was filed, although the buckets have changed since.
  REQUIRE(silences.GarbageCollect(T(3000), std::chrono::seconds(1)).ok());
  CHECK(silences.size() == 0);
  CHECK(Sorted(silences.MutedBy(LabelSet{{"team", "infra"}, {"instance", "silenced-6"}},
                                T(1500))) == "");
}

TEST_CASE("A matcher any value of a label satisfies is the last choice, however full the rest") {
  Silences silences(Counting());
  for (int i = 0; i < 100; ++i) {
    REQUIRE(
        silences
            .Set(Posted("", M({{"team", "infra", false, true}, {"instance", ".+-db", true, true}}),
                        T(1000), T(2000)),
                 T(1000))
            .ok());
  }
  std::uint64_t before = silences.evaluations();
  CHECK(Sorted(silences.MutedBy(LabelSet{{"team", "web"}, {"instance", "a-db"}}, T(1500))) == "");
  CHECK(silences.evaluations() == before);  // all 100 wait under team="infra"
  CHECK(silences.MutedBy(LabelSet{{"team", "infra"}, {"instance", "a-db"}}, T(1500)).size() == 100);
}

TEST_CASE("A cached alert replays a few changes, and after many is looked up in the index") {
  SilencesOptions o = Counting();
  o.max_replayed_changes = 16;
  Silences silences(o);
  auto add = [&](const std::string& instance) {
    REQUIRE(
        silences
            .Set(
                Posted("", M({{"team", "infra", false, true}, {"instance", instance, false, true}}),
                       T(1000), T(2000)),
                T(1000))
            .ok());
  };
  const LabelSet alert{{"team", "infra"}, {"instance", "db-1"}};
  add("db-1");
  CHECK(Sorted(silences.MutedBy(alert, T(1500))) == "id-1");  // now cached
  for (int i = 0; i < 10; ++i) add("other-" + std::to_string(i));
  std::uint64_t before = silences.evaluations();
  CHECK(Sorted(silences.MutedBy(alert, T(1500))) == "id-1");
  CHECK(silences.evaluations() - before == 10);  // each change since, once
  for (int i = 10; i < 510; ++i) add("other-" + std::to_string(i));
  add("db-1");
  before = silences.evaluations();
  CHECK(Sorted(silences.MutedBy(alert, T(1500))) == "id-1,id-512");
  CHECK(silences.evaluations() - before <= 3);  // not the 501 changes
}

// Pseudo-random silences and alerts: MutedBy (index + cache + change log) must agree with
// evaluating every silence, across a stream of changes.
TEST_CASE("MutedBy agrees with brute force under random changes") {
  std::uint64_t seed = 42;
  auto rnd = [&](int n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(n));
  };
  SilencesOptions o = Counting();
  o.max_cached_fingerprints = 7;  // exercise the cache reset too
  SUBCASE("stale entries replay the changes since") {}
  SUBCASE("stale entries are looked up in the index again") { o.max_replayed_changes = 0; }
  Silences silences(o);
  auto random_matchers = [&] {
    std::vector<MatcherSpec> specs;
    int n = 1 + rnd(3);
    for (int i = 0; i < n; ++i) {
      std::string name = "l" + std::to_string(rnd(4));
      std::string value = "v" + std::to_string(rnd(3));
      switch (rnd(5)) {
        case 0: specs.push_back({name, value, false, true}); break;
        case 1: specs.push_back({name, value, false, false}); break;
        case 2: specs.push_back({name, "v[" + std::to_string(rnd(3)) + "-2]", true, true}); break;
        case 3: specs.push_back({name, value + "|x", true, false}); break;
        default: specs.push_back({name, "", false, true}); break;
      }
    }
    return M(specs);
  };
  std::vector<LabelSet> alerts;
  for (int i = 0; i < 30; ++i) {
    LabelSet ls;
    for (int l = 0; l < 4; ++l) {
      if (rnd(3) > 0) ls.Set("l" + std::to_string(l), "v" + std::to_string(rnd(3)));
    }
    alerts.push_back(ls);
  }
  Time now = T(10000);
  std::vector<std::string> ids;
  int checks = 0;
  for (int step = 0; step < 300; ++step) {
    now += std::chrono::seconds(rnd(20));
    int op = rnd(6);
    if (op <= 2 || ids.empty()) {
      Silence s = Posted("", random_matchers(), now + std::chrono::seconds(rnd(50) - 10),
                         now + std::chrono::seconds(20 + rnd(200)));
      Result<std::string> id = silences.Set(s, now);
      if (id.ok()) ids.push_back(*id);
    } else if (op == 3) {
      (void)silences.Expire(ids[static_cast<std::size_t>(rnd(static_cast<int>(ids.size())))], now);
    } else if (op == 4) {
      std::optional<Silence> s = silences.Get(ids[static_cast<std::size_t>(rnd(static_cast<int>(ids.size())))]);
      if (s) {
        s->ends_at = now + std::chrono::seconds(rnd(100));
        if (rnd(2) == 0) s->starts_at = now + std::chrono::seconds(rnd(30));
        Result<std::string> id = silences.Set(*s, now);
        if (id.ok()) ids.push_back(*id);
      }
    } else {
      (void)silences.GarbageCollect(now, std::chrono::seconds(60));
    }
    for (const LabelSet& a : alerts) {
      Time at = now + std::chrono::seconds(rnd(30));
      std::vector<std::string> expected;
      for (const Silence& s : silences.Query({}, at, SilenceStates{true, false, false})) {
        if (MatchesAll(s.matchers, a)) expected.push_back(s.id);
      }
      REQUIRE_MESSAGE(Sorted(silences.MutedBy(a, at)) == Sorted(expected),
                      "step " << step << " alert " << a.ToString());
      ++checks;
    }
  }
  CHECK(checks == 300 * 30);
}

// A store whose saves are queued at once and finish only when the test says so, in any
// order: what a group-committing store looks like to the registry.
class GatedStore final : public SilenceStore {
 public:
  struct Started {
    std::vector<Silence> silences;
    bool needs_earlier = false;
    std::optional<std::uint64_t> since;  // the failure baseline it was started with
  };
  Status Save(const std::vector<Silence>& silences) override {
    return StartSave(silences, std::nullopt)();
  }
  PendingSave StartSave(std::vector<Silence> silences,
                        std::optional<std::uint64_t> unless_failed_since) override {
    std::lock_guard lock(mu);
    started.push_back({std::move(silences), unless_failed_since.has_value(), unless_failed_since});
    cv.notify_all();
    std::size_t i = started.size() - 1;
    return [this, i] {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return outcomes.count(i) != 0; });
      return outcomes.at(i);
    };
  }
  Status Delete(const std::vector<std::string>&) override { return Status::Ok(); }
  Result<std::vector<Silence>> LoadAll() override { return std::vector<Silence>{}; }
  std::uint64_t failure_count() const override { return failures.load(); }

  // Blocks until `n` saves have started; returns a copy of the n-th (1-based).
  Started AwaitStarted(std::size_t n) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return started.size() >= n; });
    return started[n - 1];
  }
  void Finish(std::size_t n, Status outcome) {
    std::lock_guard lock(mu);
    outcomes.emplace(n - 1, std::move(outcome));
    cv.notify_all();
  }

  std::mutex mu;
  std::condition_variable cv;
  std::vector<Started> started;
  std::map<std::size_t, Status> outcomes;
  std::atomic<std::uint64_t> failures{0};
};

TEST_CASE("Set does not hold the registry while its save is in flight") {
  GatedStore store;
  Silences silences(Counting(), &store);
  Result<std::string> first = Error{"not run"};
  std::thread creator([&] { first = silences.Set(Disk(T(1000), T(2000)), T(1000)); });
  CHECK(store.AwaitStarted(1).silences.at(0).id == "id-1");
  // Not durable yet: readers do not see it.
  CHECK(!silences.Get("id-1").has_value());

  // A second creation decides and queues its save while the first is in flight.
  Result<std::string> second = Error{"not run"};
  std::thread other([&] { second = silences.Set(Disk(T(1000), T(3000)), T(1000)); });
  GatedStore::Started s2 = store.AwaitStarted(2);
  CHECK(s2.silences.at(0).id == "id-2");
  CHECK(!s2.needs_earlier);  // decided from durable state only

  // An update of the in-flight silence builds on it, so it must fail if that save fails,
  // even when that failure is already counted by the time the update is started.
  store.failures = 1;
  Result<std::string> update = Error{"not run"};
  std::thread updater([&] { update = silences.Set(Disk(T(1000), T(4000), "id-1"), T(1000)); });
  GatedStore::Started s3 = store.AwaitStarted(3);
  CHECK(s3.silences.size() == 1);
  CHECK(s3.silences.at(0).id == "id-1");  // updated in place
  CHECK(s3.needs_earlier);
  CHECK(s3.since == std::optional<std::uint64_t>(0));  // the baseline from before save 1

  // Saves finishing out of order still leave the newest state in memory.
  store.Finish(3, Status::Ok());
  updater.join();
  store.Finish(2, Status::Ok());
  other.join();
  store.Finish(1, Status::Ok());
  creator.join();
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(update.ok());
  CHECK(*update == "id-1");
  CHECK(silences.Get("id-1")->ends_at == T(4000));
  CHECK(silences.Get("id-2")->ends_at == T(3000));
  CHECK(silences.size() == 2);
}

TEST_CASE("A failed in-flight save changes nothing; in-flight creations count against the limit") {
  GatedStore store;
  SilencesOptions o = Counting();
  o.max_silences = 1;
  Silences silences(o, &store);
  Result<std::string> first = Error{"not run"};
  std::thread creator([&] { first = silences.Set(Disk(T(1000), T(2000)), T(1000)); });
  store.AwaitStarted(1);
  Result<std::string> over = silences.Set(Disk(T(1000), T(2000)), T(1000));
  REQUIRE(!over.ok());
  CHECK(over.error().find("exceeded maximum number of silences: 1") != std::string::npos);
  store.Finish(1, Error{"disk full"});
  creator.join();
  REQUIRE(!first.ok());
  CHECK(first.error() == "disk full");
  CHECK(!silences.Get("id-1").has_value());
  CHECK(silences.size() == 0);
  // The failed creation no longer counts.
  std::thread again([&] { first = silences.Set(Disk(T(1000), T(2000)), T(1000)); });
  store.AwaitStarted(2);
  store.Finish(2, Status::Ok());
  again.join();
  REQUIRE(first.ok());
  CHECK(silences.Get(*first).has_value());
}

}  // namespace
}  // namespace overlord
