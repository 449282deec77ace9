#include "model/annotation_set.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace overlord {
namespace {

const LabelSet kLabels = {{"alertname", "InstanceDown"},
                          {"instance", "db-7.example.net:9100"},
                          {"job", "node"},
                          {"severity", "critical"}};

const LabelSet kPosted = {
    {"description", "InstanceDown: db-7.example.net:9100 of job node has been down for 5m."},
    {"summary", "db-7.example.net:9100 is down"}};

}  // namespace

TEST_CASE("a template gives back the posted annotations, byte for byte") {
  AnnotationSet held = AnnotationSet::Template(kPosted, kLabels);
  CHECK(held.templated());
  CHECK(held.size() == 2);
  CHECK_FALSE(held.empty());
  CHECK(held.Expand(kLabels) == kPosted);
  CHECK(held.Matches(kPosted, kLabels));
  // Most of the bytes were label values, and they are now two-byte references.
  CHECK(held.encoded().size() < kPosted.encoded().size() - 40);
  // Templating a template changes nothing.
  CHECK(AnnotationSet::Template(held, kLabels) == held);
}

TEST_CASE("alerts of one rule get equal templates") {
  LabelSet other = kLabels;
  other.Set("instance", "web-12.example.net:9100");
  other.Set("job", "ingress");
  const LabelSet posted = {
      {"description", "InstanceDown: web-12.example.net:9100 of job ingress has been down for 5m."},
      {"summary", "web-12.example.net:9100 is down"}};
  AnnotationSet a = AnnotationSet::Template(kPosted, kLabels);
  AnnotationSet b = AnnotationSet::Template(posted, other);
  CHECK(a == b);
  CHECK(b.Expand(other) == posted);
  // A template only reads right with its own labels.
  CHECK(a.Expand(other) == posted);
  CHECK_FALSE(a.Matches(kPosted, other));
}

TEST_CASE("annotations that repeat no label value stay as posted") {
  const LabelSet posted = {{"runbook", "https://runbooks/disk"}, {"summary", "disk full"}};
  AnnotationSet held = AnnotationSet::Template(posted, kLabels);
  CHECK_FALSE(held.templated());
  CHECK(held.encoded().data() == posted.encoded().data());  // the same block
  CHECK(held.Expand(kLabels) == posted);
  CHECK(held.Matches(posted, kLabels));
  CHECK(AnnotationSet::Template(AnnotationSet(), kLabels).empty());
  const LabelSet unnamed = {{"", "node"}, {"summary", "node"}};
  CHECK(AnnotationSet::Template(unnamed, kLabels).Expand(kLabels) == unnamed);
  CHECK(AnnotationSet().Expand(kLabels).empty());
}

TEST_CASE("short label values are not referenced, the longest match wins") {
  const LabelSet labels = {{"a", "no"}, {"b", "node"}, {"c", "node-exporter"}};
  const LabelSet posted = {{"x", "node-exporter on node, no"}};
  AnnotationSet held = AnnotationSet::Template(posted, labels);
  REQUIRE(held.templated());
  CHECK(held.Expand(labels) == posted);
  // "node-exporter" (label 3), " on ", "node" (label 2), ", no": the two-byte value stays.
  CHECK(held.encoded().find("\xFF\x03 on \xFF\x02, no") != std::string_view::npos);
}

TEST_CASE("Matches tells a changed annotation from a repeated one") {
  AnnotationSet held = AnnotationSet::Template(kPosted, kLabels);
  LabelSet changed = kPosted;
  changed.Set("summary", "db-7.example.net:9100 is down again");
  CHECK_FALSE(held.Matches(changed, kLabels));
  changed = kPosted;
  changed.Set("summary", "db-7.example.net:9100 is dow");
  CHECK_FALSE(held.Matches(changed, kLabels));
  changed = kPosted;
  changed.Set("runbook", "x");
  CHECK_FALSE(held.Matches(changed, kLabels));
  changed = kPosted;
  changed.Erase("summary");
  changed.Set("summarz", "db-7.example.net:9100 is down");
  CHECK_FALSE(held.Matches(changed, kLabels));
  CHECK_FALSE(held.Matches(LabelSet(), kLabels));
}

TEST_CASE("a literal 0xFF byte survives templating") {
  const LabelSet posted = {{"raw", "\xFF" "db-7.example.net:9100\xFF\xFF end \xFF"}};
  AnnotationSet held = AnnotationSet::Template(posted, kLabels);
  REQUIRE(held.templated());
  CHECK(held.Expand(kLabels) == posted);
  CHECK(held.Matches(posted, kLabels));
}

TEST_CASE("a garbled template expands without reading out of bounds") {
  // Only Template makes templates, but the held bytes are checked anyway: a reference past
  // the labels or cut short stands for nothing.
  const AnnotationSet garbled = LabelSet{{"", "\xFF"}, {"a", "x\xFF\x09y"}, {"b", "z\xFF"}};
  REQUIRE(garbled.templated());
  CHECK(garbled.size() == 2);
  const LabelSet expanded = garbled.Expand(kLabels);
  CHECK(expanded == LabelSet{{"a", "xy"}, {"b", "z"}});
  CHECK(garbled.Matches(expanded, kLabels));
  CHECK(garbled.Expand(LabelSet()) == LabelSet{{"a", "xy"}, {"b", "z"}});
}

TEST_CASE("templating then expanding is the identity on random text") {
  // Values from a tiny alphabet overlap and repeat inside each other, which is where a
  // greedy matcher could go wrong; the 0xFF byte checks the escape.
  std::mt19937 rng(20261122);
  const std::string alphabet = "ab\xFF ";
  auto text = [&](std::size_t max) {
    std::string s(std::uniform_int_distribution<std::size_t>(0, max)(rng), ' ');
    for (char& c : s) c = alphabet[std::uniform_int_distribution<std::size_t>(0, 3)(rng)];
    return s;
  };
  std::string scratch;
  for (int round = 0; round < 2000; ++round) {
    LabelSet labels;
    for (int k = 0; k < 4; ++k) labels.Set("l" + std::to_string(k), text(6));
    LabelSet posted;
    for (int k = 0; k < 3; ++k) posted.Set("a" + std::to_string(k), text(40));
    AnnotationSet held = AnnotationSet::Template(posted, labels);
    REQUIRE_MESSAGE(held.Expand(labels) == posted, "round " << round);
    REQUIRE(held.Matches(posted, labels));
    // The visiting form sees the same, in order, through one reused scratch.
    std::vector<std::pair<std::string, std::string>> visited;
    held.ForEachExpanded(labels, scratch, [&](std::string_view name, std::string_view value) {
      visited.emplace_back(name, value);
    });
    std::vector<std::pair<std::string, std::string>> want;
    for (const Label& l : posted) want.emplace_back(l.name, l.value);
    REQUIRE(visited == want);
  }
}

TEST_CASE("TemplateCache hands out one block per template, and forgets the oldest") {
  TemplateCache cache(2);
  LabelSet other = kLabels;
  other.Set("instance", "web-12.example.net:9100");
  const LabelSet other_posted = {
      {"description", "InstanceDown: web-12.example.net:9100 of job node has been down for 5m."},
      {"summary", "web-12.example.net:9100 is down"}};
  AnnotationSet a = cache.Share(AnnotationSet::Template(kPosted, kLabels));
  AnnotationSet b = cache.Share(AnnotationSet::Template(other_posted, other));
  CHECK(a.encoded().data() == b.encoded().data());
  CHECK(b.Expand(other) == other_posted);
  CHECK(cache.size() == 1);

  const LabelSet plain = {{"summary", "nothing from the labels"}};
  CHECK(cache.Share(plain).encoded().data() == plain.encoded().data());
  CHECK(cache.size() == 1);  // plain sets are not held

  cache.Share(AnnotationSet::Template(LabelSet{{"x", "node in InstanceDown"}}, kLabels));
  cache.Share(AnnotationSet::Template(LabelSet{{"y", "node"}}, kLabels));
  CHECK(cache.size() == 2);
  // The first template was evicted: an equal one is a new block now.
  AnnotationSet c = cache.Share(AnnotationSet::Template(kPosted, kLabels));
  CHECK(c == a);
  CHECK(c.encoded().data() != a.encoded().data());
}

TEST_CASE("TemplateCache keeps at most its byte budget alive") {
  auto make = [](char fill, std::size_t n) {
    return AnnotationSet::Template(LabelSet{{"d", std::string(n, fill) + " node"}}, kLabels);
  };
  const AnnotationSet big = make('x', 100);
  const AnnotationSet other = make('y', 100);
  REQUIRE(big.templated());
  TemplateCache cache(100, big.encoded().size() + 10);
  cache.Share(big);
  CHECK(cache.size() == 1);
  CHECK(cache.bytes() == big.encoded().size());
  cache.Share(other);  // both do not fit: the older goes
  CHECK(cache.size() == 1);
  CHECK(cache.Share(make('y', 100)).encoded().data() == other.encoded().data());  // held
  CHECK(cache.Share(make('x', 100)).encoded().data() != big.encoded().data());    // evicted
  // A template larger than the whole budget is handed back unshared and evicts nothing.
  const AnnotationSet huge = make('z', 500);
  CHECK(cache.Share(huge).encoded().data() == huge.encoded().data());
  CHECK(cache.Share(make('z', 500)).encoded().data() != huge.encoded().data());
  CHECK(cache.size() == 1);
}

}  // namespace overlord
