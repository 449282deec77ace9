#include "dispatch/deadline_index.h"

#include <doctest/doctest.h>

#include <string>

namespace overlord {
namespace {

const Time kT0 = FromUnixSeconds(1704067200);
using std::chrono::seconds;

// Pops everything due at `now`: "a b c".
std::string Drain(DeadlineIndex<std::string>& index, Time now) {
  std::string out;
  while (const std::string* id = index.PopDue(now)) out += (out.empty() ? "" : " ") + *id;
  return out;
}

TEST_CASE("pops in deadline order, ties in id order, only what is due") {
  const std::string a = "a", b = "b", c = "c", d = "d";
  DeadlineIndex<std::string> index;
  CHECK(index.Earliest() == std::nullopt);
  index.Set(&c, kT0 + seconds(3));
  index.Set(&b, kT0 + seconds(1));
  index.Set(&d, kT0 + seconds(1));
  index.Set(&a, kT0 + seconds(2));
  CHECK(index.Earliest() == kT0 + seconds(1));
  CHECK(Drain(index, kT0) == "");
  CHECK(Drain(index, kT0 + seconds(2)) == "b d a");
  CHECK(index.size() == 1);
  CHECK(index.Earliest() == kT0 + seconds(3));
  CHECK(Drain(index, kT0 + seconds(9)) == "c");
  CHECK(index.Earliest() == std::nullopt);
}

TEST_CASE("a moved deadline leaves no entry at the old one") {
  const std::string a = "a", b = "b";
  DeadlineIndex<std::string> index;
  index.Set(&a, kT0 + seconds(1));
  index.Set(&b, kT0 + seconds(5));
  index.Set(&a, kT0 + seconds(10));  // later
  CHECK(index.size() == 2);
  CHECK(index.Earliest() == kT0 + seconds(5));
  CHECK(Drain(index, kT0 + seconds(9)) == "b");
  index.Set(&a, kT0 + seconds(2));  // earlier again
  index.Set(&a, kT0 + seconds(2));  // unchanged: still one entry
  CHECK(index.size() == 1);
  CHECK(Drain(index, kT0 + seconds(2)) == "a");
  CHECK(Drain(index, kT0 + seconds(100)) == "");
}

TEST_CASE("Erase and Clear remove every trace") {
  const std::string a = "a", b = "b";
  DeadlineIndex<std::string> index;
  index.Set(&a, kT0);
  index.Set(&b, kT0 + seconds(1));
  index.Erase(&a);
  index.Erase(&a);  // absent: no-op
  CHECK(!index.Contains(&a));
  CHECK(index.Contains(&b));
  CHECK(index.Earliest() == kT0 + seconds(1));
  index.Clear();
  CHECK(index.size() == 0);
  CHECK(index.Earliest() == std::nullopt);
  CHECK(Drain(index, kT0 + seconds(100)) == "");
}

}  // namespace
}  // namespace overlord
