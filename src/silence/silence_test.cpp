#include "silence/silence.h"

#include <doctest/doctest.h>

#include <set>

namespace overlord {
namespace {

Time T(std::int64_t s) { return FromUnixSeconds(s); }

Matchers M(std::vector<MatcherSpec> specs) {
  Result<Matchers> ms = CompileSilenceMatchers(specs);
  REQUIRE_MESSAGE(ms.ok(), ms.error());
  return *ms;
}

Silence Valid() {
  Silence s;
  s.matchers = M({{"alertname", "Disk", false, true}});
  s.starts_at = T(1000);
  s.ends_at = T(2000);
  return s;
}

std::string Problem(const Silence& s) {
  Status st = ValidateSilence(s);
  return st.ok() ? "" : st.error();
}

TEST_CASE("Silence state: pending before start, active until end, expired from end on") {
  Silence s = Valid();
  CHECK(s.State(T(999)) == SilenceState::kPending);
  CHECK(s.State(T(1000)) == SilenceState::kActive);
  CHECK(s.State(T(1999)) == SilenceState::kActive);
  CHECK(s.State(T(2000)) == SilenceState::kExpired);
  CHECK(s.State(T(3000)) == SilenceState::kExpired);
  CHECK(SilenceStateToString(SilenceState::kPending) == "pending");
  CHECK(SilenceStateToString(SilenceState::kActive) == "active");
  CHECK(SilenceStateToString(SilenceState::kExpired) == "expired");
}

TEST_CASE("ValidateSilence uses Alertmanager's messages") {
  CHECK(Problem(Valid()) == "");

  Silence s = Valid();
  s.matchers.clear();
  CHECK(Problem(s) == "at least one matcher required");

  // Spec 16.9: a silence made only of matchers that match a missing label is rejected.
  s.matchers = M({{"foo", "", false, true}});
  CHECK(Problem(s) == "at least one matcher must not match the empty string");
  s.matchers = M({{"foo", ".*", true, true}, {"bar", "", false, true}});
  CHECK(Problem(s) == "at least one matcher must not match the empty string");
  s.matchers = M({{"foo", "a|", true, true}});  // the regex matches ""
  CHECK(Problem(s) == "at least one matcher must not match the empty string");
  // != and !~ never count as matching empty.
  s.matchers = M({{"foo", "x", false, false}});
  CHECK(Problem(s) == "");
  s.matchers = M({{"foo", ".*", true, false}});
  CHECK(Problem(s) == "");
  s.matchers = M({{"foo", "", false, true}, {"bar", ".+", true, true}});
  CHECK(Problem(s) == "");

  s = Valid();
  s.starts_at = kZeroTime;
  CHECK(Problem(s) == "invalid zero start timestamp");
  s = Valid();
  s.ends_at = kZeroTime;
  CHECK(Problem(s) == "invalid zero end timestamp");
  s = Valid();
  s.ends_at = T(999);
  CHECK(Problem(s) == "end time must not be before start time");
  s.ends_at = s.starts_at;  // equal is fine at this level (expiring a pending silence does it)
  CHECK(Problem(s) == "");

  // Classic mode checks names as 0.25 did.
  s = Valid();
  s.matchers = M({{"a-b", "x", false, true}});
  CHECK(Problem(s) == "");
  Status classic = ValidateSilence(s, /*classic_label_names=*/true);
  REQUIRE(!classic.ok());
  CHECK(classic.error() == "invalid label matcher 0: invalid label name \"a-b\"");
}

TEST_CASE("CompileSilenceMatchers reports the first bad matcher in order") {
  Result<Matchers> r = CompileSilenceMatchers({{"a", "b", false, true}, {"", "x", false, true}});
  REQUIRE(!r.ok());
  CHECK(r.error() == "invalid label matcher 1: invalid label name \"\"");

  r = CompileSilenceMatchers({{"a", "(", true, true}});
  REQUIRE(!r.ok());
  CHECK(r.error() ==
        "invalid label matcher 0: invalid regular expression \"(\": error parsing regexp: "
        "missing closing ): `(`");

  r = CompileSilenceMatchers({{"a-b", "(", true, true}}, /*classic_label_names=*/true);
  REQUIRE(!r.ok());
  CHECK(r.error() == "invalid label matcher 0: invalid label name \"a-b\"");

  r = CompileSilenceMatchers({{"a", "\xff", false, true}});
  REQUIRE(!r.ok());
  CHECK(r.error() == "invalid label matcher 0: invalid label value \"\\xff\"");

  r = CompileSilenceMatchers({{"a", "b", false, true},
                              {"c", "d", false, false},
                              {"e", "f", true, true},
                              {"g", "h", true, false}});
  REQUIRE(r.ok());
  CHECK(MatchersToString(*r) == R"({a="b",c!="d",e=~"f",g!~"h"})");
  MatcherSpec back = ToMatcherSpec((*r)[3]);
  CHECK(back.name == "g");
  CHECK(back.value == "h");
  CHECK(back.is_regex);
  CHECK(!back.is_equal);
}

TEST_CASE("UUIDs") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewUuidV4();
    REQUIRE(id.size() == 36);
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    CHECK(LooksLikeUuid(id));
    seen.insert(id);
  }
  CHECK(seen.size() == 100);
  CHECK(LooksLikeUuid("2A7BD2EA-1F3C-4F7B-9C2C-4F0E7A7B9D11"));
  CHECK(LooksLikeUuid("2a7bd2ea1f3c4f7b9c2c4f0e7a7b9d11"));
  CHECK(!LooksLikeUuid("xyz"));
  CHECK(!LooksLikeUuid(""));
  CHECK(!LooksLikeUuid("{2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d11}"));
  CHECK(!LooksLikeUuid("2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d1"));
  CHECK(!LooksLikeUuid("2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d111"));
  CHECK(!LooksLikeUuid("2a7bd2ea--1f3c-4f7b-9c2c-4f0e7a7b9d11"));
}

}  // namespace
}  // namespace overlord
