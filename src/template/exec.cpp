#include "template/exec.h"

#include <optional>
#include <span>
#include <vector>

#include "template/go_fmt.h"

namespace overlord::tmpl {
namespace {

// Control flow inside this file only; Execute converts failures to Result errors.
struct ExecFailure {
  std::string message;
};
struct BreakSignal {};
struct ContinueSignal {};

using NodeArgs = std::span<const Node* const>;
using Final = std::optional<Value>;

std::vector<const Node*> ArgsOf(const Node& cmd) {
  std::vector<const Node*> out;
  out.reserve(cmd.children.size());
  for (const auto& c : cmd.children) out.push_back(c.get());
  return out;
}

class State {
 public:
  State(const TemplateMap& templates, const CallContext& ctx, const ExecLimits& limits,
        const Tree* tree, std::string& out)
      : templates_(templates), ctx_(ctx), limits_(limits), tree_(tree), out_(out) {}

  void Run(const Value& data) {
    vars_.emplace_back("$", data);
    Walk(data, *tree_->root);
  }

 private:
  const TemplateMap& templates_;
  const CallContext& ctx_;
  const ExecLimits& limits_;
  const Tree* tree_;
  std::string& out_;
  const Node* at_ = nullptr;
  std::vector<std::pair<std::string, Value>> vars_;
  int depth_ = 0;

  void At(const Node* n) { at_ = n; }

  [[noreturn]] void Fail(const std::string& msg) {
    const std::string& name = tree_->name;
    if (at_ == nullptr) throw ExecFailure{"template: " + name + ": " + msg};
    std::string_view src = *tree_->source;
    std::size_t pos = std::min(at_->pos, src.size());
    std::string_view before = src.substr(0, pos);
    std::size_t nl = before.rfind('\n');
    std::size_t col = nl == std::string_view::npos ? pos : pos - (nl + 1);
    std::size_t line = 1;
    for (char c : before) line += c == '\n';
    throw ExecFailure{"template: " + tree_->parse_name + ":" + std::to_string(line) + ":" +
                      std::to_string(col) + ": executing \"" + name + "\" at <" +
                      NodeString(*at_) + ">: " + msg};
  }

  void Write(std::string_view s) {
    if (out_.size() + s.size() > limits_.max_output_bytes) {
      Fail("output exceeds " + std::to_string(limits_.max_output_bytes) + " bytes");
    }
    out_.append(s);
  }

  // ---- variables ----
  void Push(const std::string& name, Value v) { vars_.emplace_back(name, std::move(v)); }
  void SetVar(const std::string& name, Value v) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) {
        it->second = std::move(v);
        return;
      }
    }
    Fail("undefined variable: " + name);
  }
  void SetTopVar(std::size_t n, Value v) { vars_[vars_.size() - n].second = std::move(v); }
  Value VarValue(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    Fail("undefined variable: " + name);
  }

  // ---- statements ----
  void Walk(const Value& dot, const Node& node) {
    At(&node);
    switch (node.kind) {
      case NodeKind::kText: Write(node.text); return;
      case NodeKind::kAction: {
        Value v = EvalPipeline(dot, *node.pipe);
        if (node.pipe->decl.empty()) {
          At(&node);
          Write(v.is_nil() ? std::string("<no value>") : FormatValue(v, ctx_.style));
        }
        return;
      }
      case NodeKind::kList:
        for (const auto& c : node.children) Walk(dot, *c);
        return;
      case NodeKind::kIf:
      case NodeKind::kWith: {
        std::size_t mark = vars_.size();
        Value v = EvalPipeline(dot, *node.pipe);
        if (IsTrue(v)) {
          Walk(node.kind == NodeKind::kWith ? v : dot, *node.list);
        } else if (node.else_list) {
          Walk(dot, *node.else_list);
        }
        vars_.resize(mark);
        return;
      }
      case NodeKind::kRange: WalkRange(dot, node); return;
      case NodeKind::kTemplate: WalkTemplate(dot, node); return;
      case NodeKind::kBreak: throw BreakSignal{};
      case NodeKind::kContinue: throw ContinueSignal{};
      default: Fail("unknown node: " + NodeString(node));
    }
  }

  void WalkRange(const Value& dot, const Node& r) {
    At(&r);
    std::size_t outer_mark = vars_.size();
    Value val = EvalPipeline(dot, *r.pipe);
    std::size_t mark = vars_.size();
    const auto& decl = r.pipe->decl;
    auto one = [&](const Value& index, const Value& elem) {
      if (!decl.empty()) {
        if (r.pipe->is_assign) {
          SetVar(decl[0], decl.size() > 1 ? index : elem);
        } else {
          SetTopVar(1, elem);
        }
      }
      if (decl.size() > 1) {
        if (r.pipe->is_assign) {
          SetVar(decl[1], elem);
        } else {
          SetTopVar(2, index);
        }
      }
      try {
        Walk(elem, *r.list);
      } catch (const ContinueSignal&) {
      }
      vars_.resize(mark);
    };
    bool ran = false;
    try {
      switch (val.kind()) {
        case Kind::kList: {
          const ValueList& l = val.as_list();
          for (std::size_t i = 0; i < l.size(); ++i) {
            ran = true;
            one(Value(static_cast<std::int64_t>(i)), l[i]);
          }
          break;
        }
        case Kind::kMap:
          for (const auto& [k, v] : val.as_map()) {
            ran = true;
            one(Value(k), v);
          }
          break;
        case Kind::kInt:
          if (decl.size() > 1) Fail("can't use " + FormatValue(val) + " to iterate over more than one variable");
          for (std::int64_t i = 0; i < val.as_int(); ++i) {
            ran = true;
            one(Value(i), Value(i));
          }
          break;
        case Kind::kNil: break;
        default:
          Fail("range can't iterate over " + FormatValue(val, ctx_.style));
      }
    } catch (const BreakSignal&) {
      vars_.resize(outer_mark);
      return;
    }
    if (!ran && r.else_list) Walk(dot, *r.else_list);
    vars_.resize(outer_mark);
  }

  void WalkTemplate(const Value& dot, const Node& t) {
    At(&t);
    auto it = templates_.find(t.text);
    if (it == templates_.end() || !it->second) Fail("template \"" + t.text + "\" not defined");
    if (depth_ >= limits_.max_depth) {
      Fail("exceeded maximum template depth (" + std::to_string(limits_.max_depth) + ")");
    }
    Value new_dot = t.pipe ? EvalPipeline(dot, *t.pipe) : Value();
    const Tree* saved_tree = tree_;
    auto saved_vars = std::move(vars_);
    vars_.clear();
    vars_.emplace_back("$", new_dot);
    tree_ = it->second.get();
    ++depth_;
    Walk(new_dot, *tree_->root);
    --depth_;
    tree_ = saved_tree;
    vars_ = std::move(saved_vars);
  }

  // ---- pipelines ----
  Value EvalPipeline(const Value& dot, const Node& pipe) {
    At(&pipe);
    Final value;
    for (const auto& cmd : pipe.children) value = EvalCommand(dot, *cmd, value);
    Value v = value.value_or(Value());
    for (const auto& name : pipe.decl) {
      if (pipe.is_assign) {
        SetVar(name, v);
      } else {
        Push(name, v);
      }
    }
    return v;
  }

  void NotAFunction(NodeArgs args, const Final& final) {
    if (args.size() > 1 || final) Fail("can't give argument to non-function " + NodeString(*args[0]));
  }

  Value EvalCommand(const Value& dot, const Node& cmd, const Final& final) {
    std::vector<const Node*> args = ArgsOf(cmd);
    const Node& first = *args[0];
    switch (first.kind) {
      case NodeKind::kField: return EvalFieldNode(dot, first, args, final);
      case NodeKind::kChain: return EvalChainNode(dot, first, args, final);
      case NodeKind::kIdentifier: return EvalFunction(dot, first, cmd, args, final);
      case NodeKind::kPipe:
        NotAFunction(args, final);
        return EvalPipeline(dot, first);
      case NodeKind::kVariable: return EvalVariableNode(dot, first, args, final);
      default: break;
    }
    At(&first);
    NotAFunction(args, final);
    switch (first.kind) {
      case NodeKind::kBool:
      case NodeKind::kNumber:
      case NodeKind::kString: return first.constant;
      case NodeKind::kDot: return dot;
      case NodeKind::kNil: Fail("nil is not a command");
      default: Fail("can't evaluate command " + NodeString(first));
    }
  }

  Value EvalArg(const Value& dot, const Node& n) {
    At(&n);
    const Node* self[1] = {&n};
    switch (n.kind) {
      case NodeKind::kDot: return dot;
      case NodeKind::kNil: return Value();
      case NodeKind::kField: return EvalFieldNode(dot, n, self, std::nullopt);
      case NodeKind::kVariable: return EvalVariableNode(dot, n, {}, std::nullopt);
      case NodeKind::kPipe: return EvalPipeline(dot, n);
      case NodeKind::kIdentifier: return EvalFunction(dot, n, n, self, std::nullopt);
      case NodeKind::kChain: return EvalChainNode(dot, n, {}, std::nullopt);
      case NodeKind::kBool:
      case NodeKind::kNumber:
      case NodeKind::kString: return n.constant;
      default: Fail("can't handle " + NodeString(n) + " for arg");
    }
  }

  Value EvalFieldNode(const Value& dot, const Node& field, NodeArgs args, const Final& final) {
    At(&field);
    return EvalFieldChain(dot, dot, field, field.idents, args, final);
  }

  Value EvalChainNode(const Value& dot, const Node& chain, NodeArgs args, const Final& final) {
    At(&chain);
    const Node& inner = *chain.children[0];
    if (inner.kind == NodeKind::kNil) Fail("indirection through explicit nil in " + NodeString(chain));
    Value recv = EvalArg(dot, inner);
    return EvalFieldChain(dot, recv, chain, chain.idents, args, final);
  }

  Value EvalVariableNode(const Value& dot, const Node& var, NodeArgs args, const Final& final) {
    At(&var);
    Value v = VarValue(var.idents[0]);
    if (var.idents.size() == 1) {
      if (!args.empty()) NotAFunction(args, final);
      return v;
    }
    std::vector<std::string> rest(var.idents.begin() + 1, var.idents.end());
    return EvalFieldChain(dot, v, var, rest, args, final);
  }

  Value EvalFieldChain(const Value& dot, Value recv, const Node& node,
                       const std::vector<std::string>& idents, NodeArgs args, const Final& final) {
    for (std::size_t i = 0; i + 1 < idents.size(); ++i) {
      recv = EvalField(dot, idents[i], node, {}, std::nullopt, recv);
    }
    return EvalField(dot, idents.back(), node, args, final, recv);
  }

  Value EvalField(const Value& dot, const std::string& name, const Node& node, NodeArgs args,
                  const Final& final, const Value& recv) {
    if (recv.is_nil()) return Value();  // Go: a field of nil data is the zero value
    bool has_args = args.size() > 1 || final.has_value();
    std::vector<Value> values;
    for (std::size_t i = 1; i < args.size(); ++i) values.push_back(EvalArg(dot, *args[i]));
    if (final) values.push_back(*final);
    MethodResult m = CallMethod(ctx_, recv, name, values);
    if (m.found) {
      At(&node);
      if (!m.value.ok()) {
        const std::string& e = m.value.error();
        Fail(IsArgumentError(e) ? StripArgumentError(e) : "error calling " + name + ": " + e);
      }
      return *m.value;
    }
    At(&node);
    if (recv.kind() == Kind::kObject) {
      if (const Value* f = recv.Field(name)) {
        if (has_args) Fail(name + " has arguments but cannot be invoked as function");
        return *f;
      }
    } else if (recv.kind() == Kind::kMap) {
      if (has_args) Fail(name + " is not a method but has arguments");
      return recv.MapGet(name);
    }
    Fail("can't evaluate field " + name + " in type " + recv.GoTypeName());
  }

  Value EvalFunction(const Value& dot, const Node& ident, const Node& cmd, NodeArgs args,
                     const Final& final) {
    At(&ident);
    const std::string& name = ident.text;
    const Function* fn = FindFunction(name);
    if (fn == nullptr) Fail("\"" + name + "\" is not a defined function");
    if (name == "and" || name == "or") {
      if (args.size() <= 1 && !final) {
        Fail("wrong number of args for " + name + ": want at least 1 got 0");
      }
      Value v;
      for (std::size_t i = 1; i < args.size(); ++i) {
        v = EvalArg(dot, *args[i]);
        if (IsTrue(v) == (name == "or")) return v;
      }
      if (final) return *final;
      return v;
    }
    std::vector<Value> values;
    for (std::size_t i = 1; i < args.size(); ++i) values.push_back(EvalArg(dot, *args[i]));
    if (final) values.push_back(*final);
    Result<Value> r = (*fn)(ctx_, values);
    if (!r.ok()) {
      At(&cmd);
      const std::string& e = r.error();
      Fail(IsArgumentError(e) ? StripArgumentError(e) : "error calling " + name + ": " + e);
    }
    return std::move(r).value();
  }
};

}  // namespace

Result<std::string> Execute(const Tree& tree, const TemplateMap& templates, const Value& data,
                            const CallContext& ctx, const ExecLimits& limits) {
  std::string out;
  State state(templates, ctx, limits, &tree, out);
  try {
    state.Run(data);
  } catch (const ExecFailure& f) {
    return Error{f.message};
  } catch (const BreakSignal&) {
    return Error{"template: " + tree.name + ": {{break}} outside {{range}}"};
  } catch (const ContinueSignal&) {
    return Error{"template: " + tree.name + ": {{continue}} outside {{range}}"};
  }
  return out;
}

}  // namespace overlord::tmpl
