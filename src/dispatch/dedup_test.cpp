#include "dispatch/dedup.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

const Time kNow = FromUnixSeconds(1704067200);
const Duration kRepeat = std::chrono::hours(4);

NflogEntry Entry(std::vector<std::uint64_t> firing, std::vector<std::uint64_t> resolved,
                 Time ts = kNow - std::chrono::minutes(5)) {
  NflogEntry e;
  e.timestamp = ts;
  e.firing_alerts = std::move(firing);
  e.resolved_alerts = std::move(resolved);
  return e;
}

std::string Decide(const std::optional<NflogEntry>& entry, std::vector<std::uint64_t> firing,
                   std::vector<std::uint64_t> resolved, bool send_resolved = true) {
  DedupDecision d = DecideDedup(
      entry, DedupInput{std::move(firing), std::move(resolved), send_resolved, kRepeat, kNow});
  return (d.notify ? "notify: " : "no: ") + d.reason;
}

TEST_CASE("dedup: spec 6.2 decision table") {
  // No entry: notify iff something fires.
  CHECK(Decide(std::nullopt, {1}, {}) == "notify: first notification");
  CHECK(Decide(std::nullopt, {}, {1}) == "no: skipped: no firing alerts, nothing notified before");
  // A new firing fingerprint always notifies.
  CHECK(Decide(Entry({1}, {}), {1, 2}, {}) == "notify: new alerts added");
  CHECK(Decide(Entry({}, {1}), {2}, {1}) == "notify: first notification");
  // All resolved: notify iff the entry had firing alerts (also with send_resolved=false).
  CHECK(Decide(Entry({1}, {}), {}, {1}) == "notify: all alerts resolved");
  CHECK(Decide(Entry({1}, {}), {}, {1}, false) == "notify: all alerts resolved");
  CHECK(Decide(Entry({}, {1}), {}, {1, 2}) == "no: skipped: nothing changed");
  // Some resolved: only with send_resolved.
  CHECK(Decide(Entry({1, 2}, {}), {1}, {2}) == "notify: some alerts resolved");
  CHECK(Decide(Entry({1, 2}, {}), {1}, {2}, false) == "no: skipped: nothing changed");
  CHECK(Decide(Entry({1}, {2}), {1}, {2}) == "no: skipped: nothing changed");
  // An alert dropping out (deleted or silenced) never notifies by itself.
  CHECK(Decide(Entry({1, 2}, {}), {1}, {}) == "no: skipped: nothing changed");
}

TEST_CASE("dedup: repeat interval compares strictly") {
  CHECK(Decide(Entry({1}, {}, kNow - kRepeat), {1}, {}) == "no: skipped: nothing changed");
  CHECK(Decide(Entry({1}, {}, kNow - kRepeat - std::chrono::nanoseconds(1)), {1}, {}) ==
        "notify: repeat interval elapsed");
}

TEST_CASE("dedup: sorted subset") {
  CHECK(IsSortedSubset({}, {}));
  CHECK(IsSortedSubset({2}, {1, 2, 3}));
  CHECK_FALSE(IsSortedSubset({4}, {1, 2, 3}));
  CHECK_FALSE(IsSortedSubset({1}, {}));
}

}  // namespace
}  // namespace overlord
