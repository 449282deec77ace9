// TemplateSet: the named templates of one configuration (defaults + the user's `templates`
// files) and rendering of config fields against them, as Alertmanager's template package.
//
//   TemplateSet set = TemplateSet::WithDefaults();
//   Status s = set.AddFile("/etc/am/slack.tmpl");         // may redefine defaults
//   Result<std::string> title = set.ExecuteText(R"({{ template "slack.default.title" . }})", data);
//
// Rendering follows Go text/template with missingkey=zero. A TemplateSet is immutable once
// loaded, so concurrent Execute* calls are safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model/clock.h"
#include "model/result.h"
#include "template/data.h"
#include "template/exec.h"
#include "template/value.h"

namespace overlord {

struct TemplateOptions {
  // Print a KV as "a=1, b=2" (Alertmanager >= 0.26 Stringer) instead of 0.25's "map[a:1 b:2]".
  bool kv_stringer = false;
  tmpl::ExecLimits limits;
  std::size_t max_file_bytes = 4 << 20;
};

class TemplateSet {
 public:
  // `clock` (optional, must outlive the set) supplies "now" for `now`/`since` when the data
  // does not carry one; without either they see Go's zero time.
  explicit TemplateSet(TemplateOptions options = {}, const Clock* clock = nullptr);
  // A set with Overlord's default templates already loaded.
  static TemplateSet WithDefaults(TemplateOptions options = {}, const Clock* clock = nullptr);

  // Parses `text` as a file named `name`. Its {{define}}s are added; a non-empty definition
  // replaces an earlier one of the same name, an empty one never does. On error nothing
  // is added. Errors read like Go's: `template: name:3: unexpected "}" in operand`.
  Status AddText(std::string_view name, std::string_view text);
  // AddText with the file's contents, named by its base name (as Go's ParseFiles).
  Status AddFile(const std::string& path);

  // Renders an inline template (a config field) with access to every defined template.
  // Empty text renders as "" without parsing, as Alertmanager does.
  Result<std::string> ExecuteText(std::string_view text, const tmpl::Value& data) const;
  Result<std::string> ExecuteText(std::string_view text, const TemplateData& data) const;
  // Renders the template `name` ({{ template "name" . }}).
  Result<std::string> ExecuteNamed(std::string_view name, const tmpl::Value& data) const;
  Result<std::string> ExecuteNamed(std::string_view name, const TemplateData& data) const;

  bool Has(std::string_view name) const { return templates_.count(name) > 0; }

 private:
  Result<std::string> Run(std::string_view text, const tmpl::Value& data, Time now) const;

  TemplateOptions options_;
  const Clock* clock_ = nullptr;
  tmpl::TemplateMap templates_;
};

}  // namespace overlord
