#include "model/alert.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

Time T(int seconds) { return FromUnixSeconds(1'700'000'000 + seconds); }

Alert MakeAlert(int start, int end, int updated, bool timeout = false) {
  Alert a;
  a.labels = {{"alertname", "X"}};
  a.starts_at = T(start);
  a.ends_at = T(end);
  a.updated_at = T(updated);
  a.timeout = timeout;
  return a;
}

}  // namespace

TEST_CASE("a re-sent alert without overlap replaces the stored one") {
  Alert stored = MakeAlert(0, 100, 0);
  Alert incoming = MakeAlert(200, 300, 200);
  CHECK(MergeAlerts(stored, incoming, T(200)) == incoming);
}

TEST_CASE("overlapping alerts merge: earliest start, fields from the younger") {
  Alert stored = MakeAlert(0, 100, 0);
  Alert incoming = MakeAlert(50, 400, 60);
  incoming.annotations = {{"summary", "new"}};
  Alert merged = MergeAlerts(stored, incoming, T(60));
  CHECK(merged.starts_at == T(0));
  CHECK(merged.ends_at == T(400));
  CHECK(merged.annotations.Expand(merged.labels).Get("summary") == "new");
}

TEST_CASE("a firing update keeps the older, later endsAt unless it was a timeout") {
  Alert stored = MakeAlert(0, 500, 0);
  Alert incoming = MakeAlert(10, 200, 10);
  CHECK(MergeAlerts(stored, incoming, T(10)).ends_at == T(500));
  Alert stored_timeout = MakeAlert(0, 500, 0, /*timeout=*/true);
  CHECK(MergeAlerts(stored_timeout, incoming, T(10)).ends_at == T(200));
}

TEST_CASE("a resolving update keeps a later resolved endsAt only if the older was resolved") {
  Alert stored = MakeAlert(0, 500, 0);
  Alert resolve = MakeAlert(10, 20, 30);
  // Stored is still firing at t=30, so the resolve wins.
  CHECK(MergeAlerts(stored, resolve, T(30)).ends_at == T(20));
}

TEST_CASE("resolved is time dependent") {
  Alert a = MakeAlert(0, 100, 0);
  CHECK_FALSE(a.Resolved(T(99)));
  CHECK(a.Resolved(T(100)));
  a.ends_at = kZeroTime;
  CHECK_FALSE(a.Resolved(T(1000)));
}

}  // namespace overlord
