// Executes a parsed template Tree against a Value, with Go text/template semantics
// (missingkey=zero). Errors read like Go's:
//   template: name:3:14: executing "name" at <.Foo>: can't evaluate field Foo in type string
#pragma once

#include <map>
#include <memory>
#include <string>

#include "model/result.h"
#include "template/ast.h"
#include "template/funcs.h"
#include "template/value.h"

namespace overlord::tmpl {

using TemplateMap = std::map<std::string, std::shared_ptr<const Tree>, std::less<>>;

struct ExecLimits {
  std::size_t max_output_bytes = 16 << 20;  // a runaway range/template recursion stops here
  int max_depth = 200;                      // nested {{template}} calls
};

Result<std::string> Execute(const Tree& tree, const TemplateMap& templates, const Value& data,
                            const CallContext& ctx, const ExecLimits& limits = {});

}  // namespace overlord::tmpl
