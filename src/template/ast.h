// Parse tree of a Go text/template, mirroring text/template/parse's node kinds.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "template/value.h"

namespace overlord::tmpl {

enum class NodeKind {
  kList, kText, kAction, kIf, kRange, kWith, kTemplate, kBreak, kContinue,  // statements
  kPipe, kCommand,                                                          // pipelines
  kField, kVariable, kIdentifier, kChain, kDot, kNil, kBool, kNumber, kString,  // operands
};

struct Node {
  NodeKind kind;
  std::size_t pos = 0;

  // kText: the text; kIdentifier: function name; kTemplate: template name;
  // kNumber/kString: the literal as written.
  std::string text;
  // kField: {"A","B"} for .A.B; kVariable: {"$x","A"} for $x.A; kChain: the trailing fields.
  std::vector<std::string> idents;
  Value constant;  // kNumber, kString, kBool

  // kList: statements; kPipe: commands; kCommand: operands; kChain: [the chained operand].
  std::vector<std::unique_ptr<Node>> children;
  // kAction/kIf/kRange/kWith/kTemplate: the pipeline (may be null for {{template "x"}}).
  std::unique_ptr<Node> pipe;
  std::unique_ptr<Node> list, else_list;  // kIf/kRange/kWith bodies

  // kPipe: declared or assigned variables ("$x"), and whether it is `=` rather than `:=`.
  std::vector<std::string> decl;
  bool is_assign = false;
};

// A parsed template body plus what error messages need to point into its source.
struct Tree {
  std::string name;        // the template's name ("__subject")
  std::string parse_name;  // the name given to Parse (file name), shown in locations
  std::shared_ptr<const std::string> source;
  std::unique_ptr<Node> root;  // kList
};

// Go's node.String() rendering, used in "executing ... at <...>" errors.
std::string NodeString(const Node& n);

// Go's parse.IsEmptyTree: only whitespace text (and comments).
bool IsEmptyTree(const Node& n);

}  // namespace overlord::tmpl
