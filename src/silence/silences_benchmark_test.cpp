// Cost of Silences::MutedBy with many silences, half of them regex-only. Prints ns per call
// (meaningful in an optimised build) and checks the results against brute force.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>

#include "silence/silences.h"

namespace overlord {
namespace {

using Clock = std::chrono::steady_clock;

Time T(std::int64_t s) { return FromUnixSeconds(s); }

Matchers M(std::vector<MatcherSpec> specs) {
  Result<Matchers> ms = CompileSilenceMatchers(specs);
  REQUIRE(ms.ok());
  return *ms;
}

// Silence i: even i -> {alertname="A<i>", instance="host-<i>.example"}; odd i -> regex only
// {instance=~"host-<i>\..*", job=~"node|api"}, which the index can only narrow by name.
void Fill(Silences& silences, int n) {
  for (int i = 0; i < n; ++i) {
    Silence s;
    std::string k = std::to_string(i);
    if (i % 2 == 0) {
      s.matchers = M({{"alertname", "A" + k, false, true}, {"instance", "host-" + k + ".example", false, true}});
    } else {
      s.matchers = M({{"instance", "host-" + k + "\\..*", true, true}, {"job", "node|api", true, true}});
    }
    s.starts_at = T(1000);
    s.ends_at = T(100000);
    REQUIRE(silences.Set(s, T(1000)).ok());
  }
}

LabelSet Alert(int k) {
  std::string s = std::to_string(k);
  return LabelSet{{"alertname", "A" + s}, {"instance", "host-" + s + ".example"}, {"job", "node"},
                  {"severity", "warning"}};
}

double NsPerCall(const std::function<void()>& fn, int calls) {
  auto start = Clock::now();
  fn();
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / calls;
}

TEST_CASE("MutedBy cost with 1k and 10k silences") {
  for (int n : {1000, 10000}) {
    Silences silences;
    Fill(silences, n);
    const int kAlerts = 200;
    std::vector<LabelSet> alerts;
    for (int k = 0; k < kAlerts; ++k) alerts.push_back(Alert(k * (n / kAlerts) + (k % 2)));
    std::size_t muted = 0;
    double cold = NsPerCall([&] {
      for (const auto& a : alerts) muted += silences.MutedBy(a, T(2000)).size();
    }, kAlerts);
    CHECK(muted == kAlerts);  // each alert matches exactly its own silence
    const int kRounds = 50;
    double warm = NsPerCall([&] {
      for (int r = 0; r < kRounds; ++r) {
        for (const auto& a : alerts) muted += silences.MutedBy(a, T(2000)).size();
      }
    }, kAlerts * kRounds);
    // One new silence: each cached entry is brought up to date by matching just that one.
    Silence extra;
    extra.matchers = M({{"severity", "warn.*", true, true}});
    extra.starts_at = T(1000);
    extra.ends_at = T(100000);
    REQUIRE(silences.Set(extra, T(2000)).ok());
    muted = 0;
    double after_change = NsPerCall([&] {
      for (const auto& a : alerts) muted += silences.MutedBy(a, T(2000)).size();
    }, kAlerts);
    CHECK(muted == 2 * kAlerts);
    // Brute force over every silence for comparison.
    double brute = NsPerCall([&] {
      std::vector<Silence> all = silences.Query({}, T(2000), SilenceStates{true, false, false});
      auto start = Clock::now();
      std::size_t hits = 0;
      for (const auto& a : alerts) {
        for (const Silence& s : all) hits += MatchesAll(s.matchers, a) ? 1 : 0;
      }
      CHECK(hits == 2 * kAlerts);
      (void)start;
    }, kAlerts);
    MESSAGE(n << " silences: MutedBy cold " << static_cast<long>(cold) << " ns, warm "
              << static_cast<long>(warm) << " ns, after one change "
              << static_cast<long>(after_change) << " ns; brute force "
              << static_cast<long>(brute) << " ns per alert");
  }
}

}  // namespace
}  // namespace overlord
