#include "template/ast.h"

namespace overlord::tmpl {
namespace {

std::string Join(const std::vector<std::string>& idents, std::size_t from) {
  std::string s;
  for (std::size_t i = from; i < idents.size(); ++i) s += "." + idents[i];
  return s;
}

}  // namespace

std::string NodeString(const Node& n) {
  switch (n.kind) {
    case NodeKind::kText: return n.text;
    case NodeKind::kField: return Join(n.idents, 0);
    case NodeKind::kVariable: return n.idents[0] + Join(n.idents, 1);
    case NodeKind::kIdentifier: return n.text;
    case NodeKind::kDot: return ".";
    case NodeKind::kNil: return "nil";
    case NodeKind::kBool:
    case NodeKind::kNumber:
    case NodeKind::kString: return n.text;
    case NodeKind::kChain: {
      const Node& inner = *n.children[0];
      std::string s = NodeString(inner);
      if (inner.kind == NodeKind::kPipe) s = "(" + s + ")";
      return s + Join(n.idents, 0);
    }
    case NodeKind::kCommand: {
      std::string s;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) s += ' ';
        const Node& arg = *n.children[i];
        if (arg.kind == NodeKind::kPipe) {
          s += '(';
          s += NodeString(arg);
          s += ')';
        } else {
          s += NodeString(arg);
        }
      }
      return s;
    }
    case NodeKind::kPipe: {
      std::string s;
      for (std::size_t i = 0; i < n.decl.size(); ++i) {
        if (i > 0) s += ", ";
        s += n.decl[i];
      }
      if (!n.decl.empty()) s += n.is_assign ? " = " : " := ";
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) s += " | ";
        s += NodeString(*n.children[i]);
      }
      return s;
    }
    case NodeKind::kAction: return "{{" + NodeString(*n.pipe) + "}}";
    case NodeKind::kTemplate: {
      std::string s = "{{template \"" + n.text + "\"";
      if (n.pipe) s += " " + NodeString(*n.pipe);
      return s + "}}";
    }
    case NodeKind::kIf:
    case NodeKind::kRange:
    case NodeKind::kWith: {
      const char* kw = n.kind == NodeKind::kIf ? "if" : n.kind == NodeKind::kRange ? "range" : "with";
      std::string s = std::string("{{") + kw + " " + NodeString(*n.pipe) + "}}";
      if (n.list) s += NodeString(*n.list);
      if (n.else_list) s += "{{else}}" + NodeString(*n.else_list);
      return s + "{{end}}";
    }
    case NodeKind::kList: {
      std::string s;
      for (const auto& c : n.children) s += NodeString(*c);
      return s;
    }
    case NodeKind::kBreak: return "{{break}}";
    case NodeKind::kContinue: return "{{continue}}";
  }
  return "";
}

bool IsEmptyTree(const Node& n) {
  switch (n.kind) {
    case NodeKind::kList:
      for (const auto& c : n.children) {
        if (!IsEmptyTree(*c)) return false;
      }
      return true;
    case NodeKind::kText:
      for (char c : n.text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') return false;
      }
      return true;
    default: return false;
  }
}

}  // namespace overlord::tmpl
