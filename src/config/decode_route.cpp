// Decoding of the `route:` tree (spec 2.2): per-node checks, root rules, references, and
// inheritance resolved into effective values.
#include <algorithm>
#include <map>

#include "config/decode.h"
#include "model/labels.h"

namespace overlord::config::internal {
namespace {

constexpr std::size_t kMaxRouteDepth = 100;  // external input: bound the recursion

// One route node as written, before inheritance.
struct RawRoute {
  explicit RawRoute(Node n) : node(std::move(n)) {}
  Node node;
  std::optional<Node> receiver_node;
  std::string receiver;
  bool has_group_by = false;  // key present (an explicit [] counts)
  std::vector<std::string> group_by;
  bool group_by_all = false;
  std::optional<Duration> group_wait, group_interval, repeat_interval;
  Matchers matchers;
  bool has_matchers = false;
  bool continue_matching = false;
  std::vector<std::pair<std::string, Node>> mute_time_intervals, active_time_intervals;
  std::map<std::string, std::string> labels;
  std::vector<RawRoute> routes;
};

std::vector<std::pair<std::string, Node>> NamedList(const Node& node) {
  std::vector<std::pair<std::string, Node>> out;
  for (const Node& item : node.Items()) out.emplace_back(item.AsString(), item);
  return out;
}

RawRoute DecodeRawRoute(const Node& node, std::size_t depth) {
  if (depth > kMaxRouteDepth) node.Fail("routing tree is too deep");
  MapReader m(node, "route");
  RawRoute r(node);
  if (auto v = m.Get("receiver")) {
    r.receiver = v->AsString();
    r.receiver_node = v;
  }
  if (auto v = m.Get("group_by")) {
    r.has_group_by = true;
    std::set<std::string> seen;
    for (const Node& item : v->Items()) {
      std::string name = item.AsString();
      if (name == "...") {
        r.group_by_all = true;
        continue;
      }
      // Newer Alertmanager accepts any UTF-8 label name here; 0.25 required classic names.
      if (name.empty() || !IsValidUtf8(name)) {
        item.Fail("invalid label name \"" + name + "\" in group_by list");
      }
      r.group_by.push_back(name);
    }
    if (!r.group_by.empty() && r.group_by_all) {
      v->Fail("cannot have wildcard group_by (`...`) and other labels at the same time");
    }
    for (std::size_t i = 0; i < r.group_by.size(); ++i) {
      if (!seen.insert(r.group_by[i]).second) {
        v->Fail("duplicated label \"" + r.group_by[i] + "\" in group_by");
      }
    }
  }
  if (auto v = m.Get("match")) {
    AppendEqualMatchers(*v, &r.matchers);
  }
  if (auto v = m.Get("match_re")) AppendRegexMatchers(*v, &r.matchers);
  if (auto v = m.Get("matchers")) AppendMatcherStrings(*v, &r.matchers);
  r.has_matchers = !r.matchers.empty();
  if (auto v = m.Get("continue")) r.continue_matching = v->AsBool();
  if (auto v = m.Get("group_wait")) r.group_wait = v->AsDuration();
  if (auto v = m.Get("group_interval")) {
    r.group_interval = v->AsDuration();
    if (r.group_interval->count() == 0) v->Fail("group_interval cannot be zero");
  }
  if (auto v = m.Get("repeat_interval")) {
    r.repeat_interval = v->AsDuration();
    if (r.repeat_interval->count() == 0) v->Fail("repeat_interval cannot be zero");
  }
  if (auto v = m.Get("mute_time_intervals")) r.mute_time_intervals = NamedList(*v);
  if (auto v = m.Get("active_time_intervals")) r.active_time_intervals = NamedList(*v);
  if (auto v = m.Get("labels")) {
    for (auto& [name, value] : v->Entries()) {
      if (name.empty() || !IsValidUtf8(name)) {
        value.Fail("invalid label name \"" + name + "\" in route labels");
      }
      r.labels[name] = value.AsString();
    }
  }
  if (auto v = m.Get("routes")) {
    for (const Node& child : v->Items()) r.routes.push_back(DecodeRawRoute(child, depth + 1));
  }
  m.Finish();
  return r;
}

// Alertmanager checks children before the node itself; we keep that order so the same
// config reports the same first error.
void CheckReceivers(const RawRoute& r, const std::set<std::string, std::less<>>& receivers) {
  for (const RawRoute& child : r.routes) CheckReceivers(child, receivers);
  if (r.receiver.empty()) return;
  if (receivers.count(r.receiver) == 0) {
    r.receiver_node->Fail("undefined receiver \"" + r.receiver + "\" used in route");
  }
}

void CheckTimeIntervals(const RawRoute& r, const std::set<std::string, std::less<>>& names) {
  for (const RawRoute& child : r.routes) CheckTimeIntervals(child, names);
  for (const auto* list : {&r.active_time_intervals, &r.mute_time_intervals}) {
    for (const auto& [name, node] : *list) {
      if (names.count(name) == 0) node.Fail("undefined time interval \"" + name + "\" used in route");
    }
  }
}

std::vector<std::string> Names(const std::vector<std::pair<std::string, Node>>& list) {
  std::vector<std::string> out;
  for (const auto& [name, node] : list) out.push_back(name);
  return out;
}

Route Resolve(const RawRoute& raw, const Route* parent, DecodeContext& ctx) {
  Route r;
  if (parent != nullptr) {
    r.receiver = parent->receiver;
    r.group_by = parent->group_by;
    r.group_by_all = parent->group_by_all;
    r.group_wait = parent->group_wait;
    r.group_interval = parent->group_interval;
    r.repeat_interval = parent->repeat_interval;
  } else {
    r.group_wait = std::chrono::seconds(30);
    r.group_interval = std::chrono::minutes(5);
    r.repeat_interval = std::chrono::hours(4);
  }
  if (!raw.receiver.empty()) r.receiver = raw.receiver;
  if (raw.has_group_by) {
    // An explicit list replaces the parent's, including an explicit [] (newer behaviour).
    r.group_by = raw.group_by;
    std::sort(r.group_by.begin(), r.group_by.end());
    r.group_by_all = raw.group_by_all;
  }
  if (raw.group_wait) r.group_wait = *raw.group_wait;
  if (raw.group_interval) r.group_interval = *raw.group_interval;
  if (raw.repeat_interval) r.repeat_interval = *raw.repeat_interval;
  r.matchers = raw.matchers;
  r.continue_matching = raw.continue_matching;
  r.mute_time_intervals = Names(raw.mute_time_intervals);
  r.active_time_intervals = Names(raw.active_time_intervals);
  r.labels = raw.labels;
  r.line = raw.node.line();
  // Warn where a timer is written, not again on every child that inherits it.
  bool sets_timer = raw.group_interval || raw.repeat_interval || parent == nullptr;
  if (sets_timer && r.repeat_interval < r.group_interval) {
    ctx.warnings.push_back(raw.node.Describe(
        "repeat_interval is less than group_interval; notifications will repeat every "
        "group_interval (" + FormatDuration(r.group_interval) + ")"));
  }
  if (sets_timer && ctx.data_retention.count() > 0 && r.repeat_interval > ctx.data_retention) {
    ctx.warnings.push_back(raw.node.Describe(
        "repeat_interval is greater than the data retention period (" +
        FormatDuration(ctx.data_retention) +
        "); notifications may repeat more often than repeat_interval"));
  }
  for (const RawRoute& child : raw.routes) r.routes.push_back(Resolve(child, &r, ctx));
  return r;
}

}  // namespace

void AppendEqualMatchers(const Node& node, Matchers* out) {
  auto entries = node.Entries();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [name, value] : entries) {
    if (!IsClassicLabelName(name)) value.Fail("invalid label name \"" + name + "\"");
    Result<Matcher> m = Matcher::Create(MatchType::kEqual, name, value.AsString());
    if (!m.ok()) value.Fail(m.error());
    out->push_back(std::move(*m));
  }
}

void AppendRegexMatchers(const Node& node, Matchers* out) {
  auto entries = node.Entries();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [name, value] : entries) {
    if (!IsClassicLabelName(name)) value.Fail("invalid label name \"" + name + "\"");
    if (value.IsNull()) value.Fail("invalid regexp value for \"" + name + "\"");
    // Alertmanager 0.25 keeps match_re values anchored as ^(?:v)$, and that text ends up in
    // route keys and so in group keys and PagerDuty/OpsGenie dedup keys: keep it identical so
    // moving from Alertmanager opens no duplicate incidents. (Matching is unchanged.)
    Result<Matcher> m =
        Matcher::Create(MatchType::kRegex, name, "^(?:" + value.AsString() + ")$");
    if (!m.ok()) value.Fail("invalid regexp value for \"" + name + "\": " + m.error());
    out->push_back(std::move(*m));
  }
}

void AppendMatcherStrings(const Node& node, Matchers* out) {
  for (const Node& item : node.Items()) {
    Result<Matchers> parsed = ParseMatchers(item.AsString());
    if (!parsed.ok()) item.Fail(parsed.error());
    for (Matcher& m : *parsed) out->push_back(std::move(m));
  }
}

Route DecodeRouteTree(const Node& node, const std::set<std::string, std::less<>>& receivers,
                      const std::set<std::string, std::less<>>& time_intervals,
                      DecodeContext& ctx) {
  RawRoute root = DecodeRawRoute(node, 0);
  if (root.receiver.empty()) node.Fail("root route must specify a default receiver");
  if (root.has_matchers) node.Fail("root route must not have any matchers");
  if (!root.mute_time_intervals.empty()) {
    node.Fail("root route must not have any mute time intervals");
  }
  if (!root.active_time_intervals.empty()) {
    node.Fail("root route must not have any active time intervals");
  }
  CheckReceivers(root, receivers);
  CheckTimeIntervals(root, time_intervals);
  if (root.continue_matching) node.Fail("cannot have continue in root route");
  return Resolve(root, nullptr, ctx);
}

}  // namespace overlord::config::internal
