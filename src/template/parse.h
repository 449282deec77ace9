// Parser for Go text/template source into Trees (one per {{define}} plus the top level).
//
//   Result<ParsedFile> p = ParseTemplate("x.tmpl", text, [](std::string_view f) {...});
//
// Errors read like Go's: `template: x.tmpl:3: function "foo" not defined`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "template/ast.h"

namespace overlord::tmpl {

struct ParsedFile {
  // The top-level text first (named `name`), then each {{define}}/{{block}} in source order.
  // Within one parse a name defined twice with non-empty bodies is an error; an empty
  // definition never replaces a non-empty one.
  std::vector<std::shared_ptr<const Tree>> trees;
};

using FunctionExists = std::function<bool(std::string_view)>;

Result<ParsedFile> ParseTemplate(std::string_view name, std::string_view text,
                                 const FunctionExists& has_function);

}  // namespace overlord::tmpl
