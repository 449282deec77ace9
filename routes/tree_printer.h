// The text amtool prints for `config routes show` and `config routes test`, byte for byte
// (treeprint-style ASCII trees, see spec 15.2).
//
//   std::cout << FormatRoutingTree(tree);
//   std::cout << FormatRoutesTest(tree, labels, /*tree=*/false);  // "team-db,default\n"
#pragma once

#include <string>
#include <vector>

#include "model/labels.h"
#include "routes/route.h"

namespace overlord::routes {

// "Routing tree:\n.\n└── default-route  receiver: r0\n    ├── {a=\"1\"}  continue: true
// receiver: r1\n...\n\n": every route, labelled `default-route` when it has no matchers,
// else by its sorted matchers.
std::string FormatRoutingTree(const RoutingTree& tree);

// The receivers of the routes `labels` match, in routing order, duplicates kept.
std::vector<std::string> MatchedReceivers(const RoutingTree& tree, const LabelSet& labels);

// amtool `config routes test`: the matched receivers comma-joined plus "\n". With `tree`,
// first "Matching routes:" and the tree of matched paths (only the end of each path shows
// its receiver) followed by two blank lines.
std::string FormatRoutesTest(const RoutingTree& tree, const LabelSet& labels, bool tree_form);

}  // namespace overlord::routes
