#include "template/parse.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include "template/go_fmt.h"
#include "template/lex.h"

namespace overlord::tmpl {
namespace {

struct ParseFailure {
  std::string message;
};

// strconv.Unquote for "..." and '...' literals (the lexer guarantees the quotes).
bool Unquote(std::string_view lit, std::string* out) {
  char quote = lit[0];
  std::string_view s = lit.substr(1, lit.size() - 2);
  out->clear();
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == quote) return false;
    if (c != '\\') {
      *out += c;
      ++i;
      continue;
    }
    if (++i >= s.size()) return false;
    char e = s[i++];
    auto hex = [&](int n, std::uint32_t* v) {
      *v = 0;
      for (int k = 0; k < n; ++k) {
        if (i >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
        char h = s[i++];
        *v = *v * 16 + (h <= '9' ? h - '0' : (std::tolower(h) - 'a' + 10));
      }
      return true;
    };
    std::uint32_t v = 0;
    switch (e) {
      case 'a': *out += '\a'; break;
      case 'b': *out += '\b'; break;
      case 'f': *out += '\f'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 't': *out += '\t'; break;
      case 'v': *out += '\v'; break;
      case '\\': *out += '\\'; break;
      case '\'':
      case '"':
        if (e != quote) return false;
        *out += e;
        break;
      case 'x':
        if (!hex(2, &v)) return false;
        *out += static_cast<char>(v);
        break;
      case 'u':
        if (!hex(4, &v)) return false;
        AppendRune(*out, v);
        break;
      case 'U':
        if (!hex(8, &v) || v > 0x10FFFF) return false;
        AppendRune(*out, v);
        break;
      default:
        if (e >= '0' && e <= '7') {
          v = static_cast<std::uint32_t>(e - '0');
          for (int k = 0; k < 2; ++k) {
            if (i >= s.size() || s[i] < '0' || s[i] > '7') return false;
            v = v * 8 + static_cast<std::uint32_t>(s[i++] - '0');
          }
          if (v > 255) return false;
          *out += static_cast<char>(v);
          break;
        }
        return false;
    }
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view name, std::shared_ptr<const std::string> source,
         const FunctionExists& has_function)
      : name_(name), source_(std::move(source)), has_function_(has_function) {}

  ParsedFile Run() {
    tokens_ = Lex(*source_);
    tokens_.insert(tokens_.end(), 8, tokens_.back());
    auto top = std::make_shared<Tree>();
    top->name = name_;
    top->parse_name = name_;
    top->source = source_;
    top->root = NewNode(NodeKind::kList, 0);
    vars_ = {"$"};
    while (Peek().type != Tok::kEOF) {
      if (Peek().type == Tok::kLeftDelim) {
        std::size_t save = idx_;
        Next();
        if (NextNonSpace().type == Tok::kDefine) {
          ParseDefinition();
          continue;
        }
        idx_ = save;
      }
      Item it = TextOrAction();
      if (it.kind != ItemKind::kNode) {
        Fail(std::string("unexpected ") + (it.kind == ItemKind::kEnd ? "{{end}}" : "{{else}}"));
      }
      top->root->children.push_back(std::move(it.node));
    }
    AddTree(std::move(top), /*is_top=*/true);
    ParsedFile file;
    file.trees.push_back(trees_[name_]);  // the top-level text first
    for (auto& name : order_) {
      if (name != name_) file.trees.push_back(std::move(trees_[name]));
    }
    return file;
  }

 private:
  enum class ItemKind { kNode, kEnd, kElse };
  struct Item {
    ItemKind kind = ItemKind::kNode;
    std::unique_ptr<Node> node;
  };

  std::string name_;
  std::shared_ptr<const std::string> source_;
  const FunctionExists& has_function_;
  std::vector<Token> tokens_;
  std::size_t idx_ = 0;
  std::vector<std::string> vars_;
  int range_depth_ = 0;
  int last_line_ = 1;
  std::map<std::string, std::shared_ptr<Tree>> trees_;
  std::vector<std::string> order_;

  [[noreturn]] void Fail(const std::string& msg) {
    throw ParseFailure{"template: " + name_ + ":" + std::to_string(last_line_) + ": " + msg};
  }

  const Token& Peek() {
    if (tokens_[idx_].type == Tok::kError) {
      ++idx_;
      throw ParseFailure{"template: " + name_ + ":" + std::to_string(tokens_[idx_ - 1].line) +
                         ": " + tokens_[idx_ - 1].error};
    }
    last_line_ = tokens_[idx_].line;  // Go reports the most recently seen token's line
    return tokens_[idx_];
  }
  const Token& Next() {
    const Token& t = Peek();
    if (idx_ + 1 < tokens_.size()) ++idx_;  // the lexer output ends in padding EOFs
    return t;
  }
  const Token& NextNonSpace() {
    while (Peek().type == Tok::kSpace) Next();
    return Next();
  }
  const Token& PeekNonSpace() {
    while (Peek().type == Tok::kSpace) Next();
    return Peek();
  }
  void Backup() { --idx_; }

  std::unique_ptr<Node> NewNode(NodeKind k, std::size_t pos) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->pos = pos;
    return n;
  }

  [[noreturn]] void Unexpected(const Token& t, std::string_view context) {
    if (t.type == Tok::kError) {
      throw ParseFailure{"template: " + name_ + ":" + std::to_string(t.line) + ": " + t.error};
    }
    Fail("unexpected " + DescribeToken(t) + " in " + std::string(context));
  }

  const Token& Expect(Tok type, std::string_view context) {
    const Token& t = NextNonSpace();
    if (t.type != type) Unexpected(t, context);
    return t;
  }

  std::string TemplateName(const Token& t, std::string_view context) {
    if (t.type != Tok::kString && t.type != Tok::kRawString) Unexpected(t, context);
    std::string s;
    if (t.type == Tok::kRawString) {
      s = std::string(t.val.substr(1, t.val.size() - 2));
    } else if (!Unquote(t.val, &s)) {
      Fail("invalid syntax");
    }
    return s;
  }

  void AddTree(std::shared_ptr<Tree> tree, bool is_top = false) {
    auto it = trees_.find(tree->name);
    if (it == trees_.end()) {
      order_.push_back(tree->name);
      trees_[tree->name] = std::move(tree);
      return;
    }
    if (IsEmptyTree(*it->second->root)) {
      it->second = std::move(tree);
      return;
    }
    if (!IsEmptyTree(*tree->root)) {
      (void)is_top;
      throw ParseFailure{"template: " + name_ + ":" +
                         std::to_string(tokens_[std::min(idx_, tokens_.size() - 1)].line) +
                         ": template: multiple definition of template " + GoQuoteName(tree->name)};
    }
  }

  static std::string GoQuoteName(const std::string& n) { return "\"" + n + "\""; }

  void ParseDefinition() {
    const Token& nt = NextNonSpace();
    std::string name = TemplateName(nt, "define clause");
    Expect(Tok::kRightDelim, "define clause");
    auto tree = std::make_shared<Tree>();
    tree->name = name;
    tree->parse_name = name_;
    tree->source = source_;
    auto saved_vars = std::move(vars_);
    vars_ = {"$"};
    auto [list, end] = ItemList();
    vars_ = std::move(saved_vars);
    if (end != ItemKind::kEnd) Fail("unexpected {{else}} in define clause");
    tree->root = std::move(list);
    AddTree(std::move(tree));
  }

  std::pair<std::unique_ptr<Node>, ItemKind> ItemList() {
    auto list = NewNode(NodeKind::kList, PeekNonSpace().pos);
    while (PeekNonSpace().type != Tok::kEOF) {
      Item it = TextOrAction();
      if (it.kind != ItemKind::kNode) return {std::move(list), it.kind};
      list->children.push_back(std::move(it.node));
    }
    Fail("unexpected EOF");
  }

  Item TextOrAction() {
    const Token& t = NextNonSpace();
    Item item;
    switch (t.type) {
      case Tok::kText: {
        item.node = NewNode(NodeKind::kText, t.pos);
        item.node->text = std::string(t.val);
        return item;
      }
      case Tok::kLeftDelim: return Action();
      default: Unexpected(t, "input");
    }
  }

  Item Action() {
    const Token& t = NextNonSpace();
    Item item;
    switch (t.type) {
      case Tok::kBlock: item.node = BlockControl(t.pos); return item;
      case Tok::kBreak:
      case Tok::kContinue: {
        bool brk = t.type == Tok::kBreak;
        std::size_t pos = t.pos;
        const Token& r = NextNonSpace();
        if (r.type != Tok::kRightDelim) Unexpected(r, brk ? "{{break}}" : "{{continue}}");
        if (range_depth_ == 0) Fail(brk ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
        item.node = NewNode(brk ? NodeKind::kBreak : NodeKind::kContinue, pos);
        return item;
      }
      case Tok::kElse: {
        const Token& p = PeekNonSpace();
        if (p.type != Tok::kIf && p.type != Tok::kWith) Expect(Tok::kRightDelim, "else");
        item.kind = ItemKind::kElse;
        return item;
      }
      case Tok::kEnd:
        Expect(Tok::kRightDelim, "end");
        item.kind = ItemKind::kEnd;
        return item;
      case Tok::kIf: item.node = Control(NodeKind::kIf, "if"); return item;
      case Tok::kRange: item.node = Control(NodeKind::kRange, "range"); return item;
      case Tok::kWith: item.node = Control(NodeKind::kWith, "with"); return item;
      case Tok::kTemplate: item.node = TemplateControl(t.pos); return item;
      default: break;
    }
    Backup();
    std::size_t pos = PeekNonSpace().pos;
    item.node = NewNode(NodeKind::kAction, pos);
    item.node->pipe = Pipeline("command", Tok::kRightDelim);
    return item;
  }

  std::unique_ptr<Node> Control(NodeKind kind, const char* context) {
    std::size_t mark = vars_.size();
    auto node = NewNode(kind, PeekNonSpace().pos);
    node->pipe = Pipeline(context, Tok::kRightDelim);
    node->pos = node->pipe->pos;
    if (kind == NodeKind::kRange) ++range_depth_;
    auto [list, next] = ItemList();
    if (kind == NodeKind::kRange) --range_depth_;
    node->list = std::move(list);
    if (next == ItemKind::kElse) {
      Tok pk = Peek().type;
      if ((kind == NodeKind::kIf && pk == Tok::kIf) || (kind == NodeKind::kWith && pk == Tok::kWith)) {
        std::size_t pos = Peek().pos;
        Next();
        node->else_list = NewNode(NodeKind::kList, pos);
        node->else_list->children.push_back(Control(kind, context));
      } else {
        auto [else_list, end] = ItemList();
        if (end != ItemKind::kEnd) Fail("expected end; found {{else}}");
        node->else_list = std::move(else_list);
      }
    }
    vars_.resize(mark);
    return node;
  }

  std::unique_ptr<Node> TemplateControl(std::size_t pos) {
    const Token& t = NextNonSpace();
    std::string name = TemplateName(t, "template clause");
    auto node = NewNode(NodeKind::kTemplate, t.pos);  // Go reports the name's position
    (void)pos;
    node->text = name;
    if (NextNonSpace().type != Tok::kRightDelim) {
      Backup();
      node->pipe = Pipeline("template clause", Tok::kRightDelim);
    }
    return node;
  }

  std::unique_ptr<Node> BlockControl(std::size_t pos) {
    const Token& t = NextNonSpace();
    std::string name = TemplateName(t, "block clause");
    auto node = NewNode(NodeKind::kTemplate, pos);
    node->text = name;
    node->pipe = Pipeline("block clause", Tok::kRightDelim);
    auto tree = std::make_shared<Tree>();
    tree->name = name;
    tree->parse_name = name_;
    tree->source = source_;
    auto saved_vars = std::move(vars_);
    vars_ = {"$"};
    int saved_depth = range_depth_;
    range_depth_ = 0;
    auto [list, end] = ItemList();
    range_depth_ = saved_depth;
    vars_ = std::move(saved_vars);
    if (end != ItemKind::kEnd) Fail("unexpected {{else}} in block clause");
    tree->root = std::move(list);
    AddTree(std::move(tree));
    return node;
  }

  std::unique_ptr<Node> Pipeline(const char* context, Tok end) {
    auto pipe = NewNode(NodeKind::kPipe, PeekNonSpace().pos);
    std::string ctx = context;
  decls:
    if (PeekNonSpace().type == Tok::kVariable) {
      std::size_t var_idx = idx_;
      const Token& v = Next();
      std::size_t after_var = idx_;
      const Token& next = PeekNonSpace();
      if (next.type == Tok::kAssign || next.type == Tok::kDeclare) {
        pipe->is_assign = next.type == Tok::kAssign;
        NextNonSpace();
        std::string name(v.val);
        if (pipe->is_assign) {
          bool found = false;
          for (const auto& n : vars_) found = found || n == name;
          if (!found) Fail("undefined variable \"" + name + "\"");
        }
        pipe->decl.push_back(name);
        vars_.push_back(name);
      } else if (next.type == Tok::kChar && next.val == ",") {
        NextNonSpace();
        pipe->decl.push_back(std::string(v.val));
        vars_.push_back(std::string(v.val));
        if (ctx == "range" && pipe->decl.size() < 2) {
          Tok pk = PeekNonSpace().type;
          if (pk == Tok::kVariable || pk == Tok::kRightDelim || pk == Tok::kRightParen) goto decls;
          Fail("range can only initialize variables");
        }
        Fail("too many declarations in " + ctx);
      } else {
        (void)after_var;
        idx_ = var_idx;
      }
    }
    while (true) {
      const Token& t = NextNonSpace();
      if (t.type == end) {
        if (pipe->children.empty()) Fail("missing value for " + ctx);
        for (std::size_t i = 1; i < pipe->children.size(); ++i) {
          switch (pipe->children[i]->children[0]->kind) {
            case NodeKind::kBool: case NodeKind::kDot: case NodeKind::kNil:
            case NodeKind::kNumber: case NodeKind::kString:
              Fail("non executable command in pipeline stage " + std::to_string(i + 1));
            default: break;
          }
        }
        return pipe;
      }
      switch (t.type) {
        case Tok::kBool: case Tok::kCharConstant: case Tok::kDot: case Tok::kField:
        case Tok::kIdentifier: case Tok::kNumber: case Tok::kNil: case Tok::kRawString:
        case Tok::kString: case Tok::kVariable: case Tok::kLeftParen:
          Backup();
          pipe->children.push_back(Command());
          break;
        default: Unexpected(t, ctx);
      }
    }
  }

  std::unique_ptr<Node> Command() {
    auto cmd = NewNode(NodeKind::kCommand, PeekNonSpace().pos);
    while (true) {
      PeekNonSpace();
      auto operand = Operand();
      if (operand) cmd->children.push_back(std::move(operand));
      const Token& t = Next();
      if (t.type == Tok::kSpace) continue;
      if (t.type == Tok::kRightDelim || t.type == Tok::kRightParen) {
        Backup();
      } else if (t.type != Tok::kPipe) {
        Unexpected(t, "operand");
      }
      break;
    }
    if (cmd->children.empty()) Fail("empty command");
    return cmd;
  }

  std::unique_ptr<Node> Operand() {
    auto node = Term();
    if (!node) return nullptr;
    if (Peek().type == Tok::kField) {
      std::size_t chain_pos = Peek().pos;  // Go positions a chained field at its 2nd part
      std::vector<std::string> fields;
      while (Peek().type == Tok::kField) fields.push_back(std::string(Next().val.substr(1)));
      switch (node->kind) {
        case NodeKind::kField:
        case NodeKind::kVariable:
          for (auto& f : fields) node->idents.push_back(std::move(f));
          node->pos = chain_pos;
          return node;
        case NodeKind::kBool: case NodeKind::kString: case NodeKind::kNumber:
        case NodeKind::kNil: case NodeKind::kDot:
          Fail("unexpected . after term \"" + NodeString(*node) + "\"");
        default: {
          auto chain = NewNode(NodeKind::kChain, chain_pos);
          chain->idents = std::move(fields);
          chain->children.push_back(std::move(node));
          return chain;
        }
      }
    }
    return node;
  }

  std::unique_ptr<Node> Term() {
    const Token& t = NextNonSpace();
    switch (t.type) {
      case Tok::kIdentifier: {
        if (!has_function_(t.val)) Fail("function \"" + std::string(t.val) + "\" not defined");
        auto n = NewNode(NodeKind::kIdentifier, t.pos);
        n->text = std::string(t.val);
        return n;
      }
      case Tok::kDot: return NewNode(NodeKind::kDot, t.pos);
      case Tok::kNil: return NewNode(NodeKind::kNil, t.pos);
      case Tok::kVariable: {
        std::string name(t.val);
        bool found = false;
        for (const auto& v : vars_) found = found || v == name;
        if (!found) Fail("undefined variable \"" + name + "\"");
        auto n = NewNode(NodeKind::kVariable, t.pos);
        n->idents.push_back(name);
        return n;
      }
      case Tok::kField: {
        auto n = NewNode(NodeKind::kField, t.pos);
        n->idents.push_back(std::string(t.val.substr(1)));
        return n;
      }
      case Tok::kBool: {
        auto n = NewNode(NodeKind::kBool, t.pos);
        n->constant = Value(t.val == "true");
        n->text = std::string(t.val);
        return n;
      }
      case Tok::kCharConstant:
      case Tok::kNumber: return Number(t);
      case Tok::kLeftParen: {
        std::size_t pos = t.pos;
        auto p = Pipeline("parenthesized pipeline", Tok::kRightParen);
        p->pos = pos;
        return p;
      }
      case Tok::kString:
      case Tok::kRawString: {
        auto n = NewNode(NodeKind::kString, t.pos);
        n->text = std::string(t.val);
        std::string s;
        if (t.type == Tok::kRawString) {
          s = std::string(t.val.substr(1, t.val.size() - 2));
          s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
        } else if (!Unquote(t.val, &s)) {
          Fail("invalid syntax");
        }
        n->constant = Value(std::move(s));
        return n;
      }
      default: Backup(); return nullptr;
    }
  }

  std::unique_ptr<Node> Number(const Token& t) {
    auto n = NewNode(NodeKind::kNumber, t.pos);
    n->text = std::string(t.val);
    if (t.type == Tok::kCharConstant) {
      std::string s;
      if (!Unquote(t.val, &s)) Fail("malformed character constant: " + n->text);
      char32_t r;
      std::size_t len = s.empty() ? 0 : DecodeRune(s, 0, &r);
      if (len == 0 || len != s.size()) Fail("malformed character constant: " + n->text);
      n->constant = Value(static_cast<std::int64_t>(r));
      return n;
    }
    std::string text;
    for (char c : t.val) {
      if (c != '_') text += c;
    }
    if (!text.empty() && text.back() == 'i') Fail("complex numbers are not supported: " + n->text);
    std::string body = text;
    bool neg = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
      neg = body[0] == '-';
      body.erase(0, 1);
    }
    int base = 10;
    std::string digits = body;
    if (body.size() > 1 && body[0] == '0') {
      char x = static_cast<char>(std::tolower(body[1]));
      if (x == 'x') base = 16, digits = body.substr(2);
      else if (x == 'o') base = 8, digits = body.substr(2);
      else if (x == 'b') base = 2, digits = body.substr(2);
      else if (body.find_first_of(".eE") == std::string::npos) base = 8, digits = body.substr(1);
    }
    bool is_float = base == 16 ? body.find_first_of(".pP") != std::string::npos
                               : (base == 10 && body.find_first_of(".eE") != std::string::npos);
    if (!is_float) {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(digits.c_str(), &end, base);
      if (!digits.empty() && end && *end == '\0' && errno == 0) {
        n->constant = Value(static_cast<std::int64_t>(neg ? -v : v));
        return n;
      }
      if (digits.empty() || (end && *end != '\0')) Fail("bad number syntax: \"" + n->text + "\"");
    }
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (!end || *end != '\0') Fail("bad number syntax: \"" + n->text + "\"");
    n->constant = Value(d);
    return n;
  }
};

}  // namespace

Result<ParsedFile> ParseTemplate(std::string_view name, std::string_view text,
                                 const FunctionExists& has_function) {
  auto source = std::make_shared<const std::string>(text);
  try {
    return Parser(name, source, has_function).Run();
  } catch (const ParseFailure& f) {
    return Error{f.message};
  }
}

}  // namespace overlord::tmpl
