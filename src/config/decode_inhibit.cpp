// Decoding of inhibit_rules[] (spec 2.4): every matcher form on a side is ANDed.
#include "config/decode.h"
#include "model/labels.h"

namespace overlord::config::internal {

InhibitRule DecodeInhibitRule(const Node& node) {
  MapReader m(node, "inhibit rule");
  InhibitRule rule;
  if (auto v = m.Get("name")) rule.name = v->AsString();
  if (auto v = m.Get("source_match")) AppendEqualMatchers(*v, &rule.source_matchers);
  if (auto v = m.Get("source_match_re")) AppendRegexMatchers(*v, &rule.source_matchers);
  if (auto v = m.Get("source_matchers")) AppendMatcherStrings(*v, &rule.source_matchers);
  if (auto v = m.Get("target_match")) AppendEqualMatchers(*v, &rule.target_matchers);
  if (auto v = m.Get("target_match_re")) AppendRegexMatchers(*v, &rule.target_matchers);
  if (auto v = m.Get("target_matchers")) AppendMatcherStrings(*v, &rule.target_matchers);
  if (auto v = m.Get("equal")) {
    for (const Node& item : v->Items()) {
      std::string name = item.AsString();
      // Newer Alertmanager accepts any UTF-8 name; 0.25 required classic names.
      if (name.empty() || !IsValidUtf8(name)) {
        item.Fail("invalid label name \"" + name + "\" in equal list");
      }
      rule.equal.push_back(std::move(name));
    }
  }
  m.Finish();
  return rule;
}

}  // namespace overlord::config::internal
