#include "routes/route.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace overlord::routes {
namespace {

// Alertmanager sorts a route's matchers so that keys do not depend on the order they were
// written in (or on Go map order for match/match_re).
void SortMatchers(Matchers* ms) {
  std::stable_sort(ms->begin(), ms->end(), [](const Matcher& a, const Matcher& b) {
    return std::forward_as_tuple(a.name(), a.value(), a.type()) <
           std::forward_as_tuple(b.name(), b.value(), b.type());
  });
}

}  // namespace

std::unique_ptr<RouteNode> RouteNode::Build(const config::Route& route, const RouteNode* parent,
                                            int index) {
  auto node = std::make_unique<RouteNode>(Passkey{});
  node->options_ = route;
  node->options_.routes.clear();
  SortMatchers(&node->options_.matchers);
  // PickGroupLabels merges group_by with an alert's sorted labels. The config decoder sorts
  // it already; a Route built in code need not have.
  std::vector<std::string>& group_by = node->options_.group_by;
  std::sort(group_by.begin(), group_by.end());
  group_by.erase(std::unique(group_by.begin(), group_by.end()), group_by.end());
  node->parent_ = parent;
  node->index_ = index;

  const std::string matchers = MatchersToString(node->options_.matchers);
  if (parent == nullptr) {
    node->key_ = matchers;
    node->id_ = matchers;
  } else {
    node->key_ = parent->key_ + "/" + matchers;
    node->id_ = parent->id_ + "/" + matchers + "/" + std::to_string(index);
  }

  node->children_.reserve(route.routes.size());
  for (std::size_t i = 0; i < route.routes.size(); ++i) {
    node->children_.push_back(Build(route.routes[i], node.get(), static_cast<int>(i)));
  }
  return node;
}

std::vector<const RouteNode*> RouteNode::Match(const LabelSet& labels) const {
  std::vector<const RouteNode*> out;
  MatchInto(labels, &out);
  return out;
}

void RouteNode::Match(const LabelSet& labels, std::vector<const RouteNode*>* out) const {
  out->clear();
  MatchInto(labels, out);
}

void RouteNode::MatchInto(const LabelSet& labels, std::vector<const RouteNode*>* out) const {
  if (!MatchesSelf(labels)) return;
  const std::size_t before = out->size();
  for (const auto& child : children_) {
    const std::size_t n = out->size();
    child->MatchInto(labels, out);
    // The first matching child ends the search unless it asks to continue.
    if (out->size() > n && !child->continue_matching()) break;
  }
  if (out->size() == before) out->push_back(this);
}

LabelSet RouteNode::GroupLabels(const LabelSet& alert_labels) const {
  std::vector<Label> picked;
  if (!PickGroupLabels(alert_labels, &picked)) return alert_labels;
  return LabelSet::FromUnsorted(picked);
}

bool RouteNode::PickGroupLabels(const LabelSet& alert_labels, std::vector<Label>* picked) const {
  picked->clear();
  if (options_.group_by_all) return false;
  // Both lists are sorted by name, so one merge picks the pairs; a lookup per name would
  // walk the encoded set from its start each time.
  auto name = options_.group_by.begin();
  const auto names_end = options_.group_by.end();
  for (const Label& label : alert_labels) {
    while (name != names_end && *name < label.name) ++name;
    if (name == names_end) break;
    if (*name == label.name) picked->push_back(label);
  }
  return true;
}

std::string RouteNode::GroupKey(const LabelSet& group_labels) const {
  return key_ + ":" + group_labels.ToString();
}

RoutingTree::RoutingTree(const config::Route& root) : root_(RouteNode::Build(root, nullptr, 0)) {}

std::vector<const RouteNode*> RoutingTree::AllNodes() const {
  std::vector<const RouteNode*> out;
  std::vector<const RouteNode*> stack{root_.get()};
  while (!stack.empty()) {
    const RouteNode* node = stack.back();
    stack.pop_back();
    out.push_back(node);
    for (auto it = node->children().rbegin(); it != node->children().rend(); ++it) {
      stack.push_back(it->get());
    }
  }
  return out;
}

const RouteNode* RoutingTree::FindById(std::string_view id) const {
  for (const RouteNode* node : AllNodes()) {
    if (node->id() == id) return node;
  }
  return nullptr;
}

}  // namespace overlord::routes
