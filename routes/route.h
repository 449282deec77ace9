// RoutingTree: the immutable tree of routes built from the config's `route:` block, and the
// routing decision of spec 4 (which routes an alert goes to, and under which group key).
//
//   RoutingTree tree(config.route);
//   for (const RouteNode* node : tree.Match(alert.labels)) {
//     LabelSet group = node->GroupLabels(alert.labels);
//     std::string key = node->GroupKey(group);  // e.g. {}/{team="db"}:{alertname="X"}
//     ...aggregation group (node, key), receiver node->receiver()...
//   }
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/labels.h"
#include "model/matcher.h"

namespace overlord::routes {

// One route. Nodes are owned by their RoutingTree; pointers to them stay valid for the
// tree's lifetime (also across a move of the tree).
class RouteNode {
  struct Passkey {};  // only RouteNode/RoutingTree can create nodes

 public:
  explicit RouteNode(Passkey) {}
  RouteNode(const RouteNode&) = delete;
  RouteNode& operator=(const RouteNode&) = delete;

  // The effective options as the config loader resolved them (inheritance applied).
  // `options().routes` is always empty: the children are children().
  const config::Route& options() const { return options_; }
  const std::string& receiver() const { return options_.receiver; }
  bool continue_matching() const { return options_.continue_matching; }
  // Sorted by (name, value, type), as printed in keys and by amtool.
  const Matchers& matchers() const { return options_.matchers; }

  // `{}` for the root, else parent key + "/" + matchers, e.g. `{}/{team="db"}`. Siblings with
  // identical matchers share a key (upstream quirk, kept on purpose).
  const std::string& key() const { return key_; }
  // Unique: like key() with "/<index among siblings>" after every non-root segment,
  // e.g. `{}/{team="db"}/0`.
  const std::string& id() const { return id_; }

  const RouteNode* parent() const { return parent_; }
  const std::vector<std::unique_ptr<RouteNode>>& children() const { return children_; }
  // Position among the parent's children; 0 for the root.
  int index() const { return index_; }

  // Whether this node's own matchers accept `labels` (children not considered).
  bool MatchesSelf(const LabelSet& labels) const { return MatchesAll(matchers(), labels); }

  // The leaf-most routes `labels` go to, in routing order (spec 4). Empty only when this
  // node's own matchers fail; the root always matches.
  std::vector<const RouteNode*> Match(const LabelSet& labels) const;
  // As above, into `out` (cleared first), so a caller routing many alerts reuses one vector.
  void Match(const LabelSet& labels, std::vector<const RouteNode*>* out) const;

  // The alert labels named in group_by (absent ones stay absent), or all of them for `...`.
  LabelSet GroupLabels(const LabelSet& alert_labels) const;
  // The labels GroupLabels would hold, into `picked` (cleared first) in name order, without
  // building the set: what a lookup of an existing group needs. False for `...`, where
  // they are `alert_labels` itself and nothing is picked.
  bool PickGroupLabels(const LabelSet& alert_labels, std::vector<Label>* picked) const;
  // key() + ":" + group_labels.ToString(), e.g. `{}:{alertname="X"}`, `{}/{team="db"}:{}`.
  std::string GroupKey(const LabelSet& group_labels) const;

 private:
  friend class RoutingTree;
  static std::unique_ptr<RouteNode> Build(const config::Route& route, const RouteNode* parent,
                                          int index);
  void MatchInto(const LabelSet& labels, std::vector<const RouteNode*>* out) const;

  config::Route options_;
  std::string key_;
  std::string id_;
  const RouteNode* parent_ = nullptr;
  int index_ = 0;
  std::vector<std::unique_ptr<RouteNode>> children_;
};

class RoutingTree {
 public:
  // `root` is the validated root route (the loader has already applied inheritance).
  explicit RoutingTree(const config::Route& root);

  RoutingTree(RoutingTree&&) = default;
  RoutingTree& operator=(RoutingTree&&) = default;

  const RouteNode& root() const { return *root_; }
  // Same as root().Match(labels); never empty.
  std::vector<const RouteNode*> Match(const LabelSet& labels) const { return root_->Match(labels); }
  void Match(const LabelSet& labels, std::vector<const RouteNode*>* out) const {
    root_->Match(labels, out);
  }
  // Every node, depth first, parents before children, siblings in config order.
  std::vector<const RouteNode*> AllNodes() const;
  // The node with this id(), or nullptr.
  const RouteNode* FindById(std::string_view id) const;

 private:
  std::unique_ptr<RouteNode> root_;
};

}  // namespace overlord::routes
