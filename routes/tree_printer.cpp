#include "routes/tree_printer.h"

#include <utility>

namespace overlord::routes {
namespace {

// A labelled tree rendered like Go's treeprint, which amtool uses.
struct Branch {
  std::string label;
  std::vector<Branch> children;
};

void Render(const std::vector<Branch>& branches, const std::string& prefix, std::string* out) {
  for (std::size_t i = 0; i < branches.size(); ++i) {
    const bool last = i + 1 == branches.size();
    *out += prefix;
    *out += last ? "└── " : "├── ";
    *out += branches[i].label;
    *out += '\n';
    // treeprint pads the vertical bar with two no-break spaces and a space.
    Render(branches[i].children, prefix + (last ? "    " : "│\u00a0\u00a0 "), out);
  }
}

std::string RenderTree(Branch top) {
  std::string out = ".\n";
  std::vector<Branch> roots;
  roots.push_back(std::move(top));
  Render(roots, "", &out);
  return out;
}

std::string NodeLabel(const RouteNode& node) {
  return node.matchers().empty() ? "default-route" : MatchersToString(node.matchers());
}

Branch FullBranch(const RouteNode& node) {
  Branch b{NodeLabel(node), {}};
  if (node.continue_matching()) b.label += "  continue: true";
  b.label += "  receiver: " + node.receiver();
  for (const auto& child : node.children()) b.children.push_back(FullBranch(*child));
  return b;
}

// Follows the routing decision of RouteNode::Match, keeping the paths it takes.
Branch MatchingBranch(const RouteNode& node, const LabelSet& labels) {
  Branch b{NodeLabel(node), {}};
  for (const auto& child : node.children()) {
    if (!child->MatchesSelf(labels)) continue;
    b.children.push_back(MatchingBranch(*child, labels));
    if (!child->continue_matching()) break;
  }
  if (b.children.empty()) b.label += "  receiver: " + node.receiver();
  return b;
}

}  // namespace

std::string FormatRoutingTree(const RoutingTree& tree) {
  return "Routing tree:\n" + RenderTree(FullBranch(tree.root())) + "\n";
}

std::vector<std::string> MatchedReceivers(const RoutingTree& tree, const LabelSet& labels) {
  std::vector<std::string> out;
  for (const RouteNode* node : tree.Match(labels)) out.push_back(node->receiver());
  return out;
}

std::string FormatRoutesTest(const RoutingTree& tree, const LabelSet& labels, bool tree_form) {
  std::string out;
  if (tree_form) {
    out += "Matching routes:\n" + RenderTree(MatchingBranch(tree.root(), labels)) + "\n\n";
  }
  const std::vector<std::string> receivers = MatchedReceivers(tree, labels);
  for (std::size_t i = 0; i < receivers.size(); ++i) {
    if (i > 0) out += ',';
    out += receivers[i];
  }
  out += '\n';
  return out;
}

}  // namespace overlord::routes
