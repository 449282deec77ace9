// The default named templates (slack.default.title, __subject, ...) loaded into every
// TemplateSet before user templates, which may redefine any of them (spec 13.3).
#pragma once

#include <string_view>

namespace overlord::tmpl {

std::string_view DefaultTemplatesText();

}  // namespace overlord::tmpl
