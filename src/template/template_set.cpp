#include "template/template_set.h"

#include <fstream>
#include <stdexcept>
#include <sstream>

#include "template/default_templates.h"
#include "template/parse.h"

namespace overlord {

using tmpl::TemplateMap;

namespace {

// Go's Template.associate: an empty definition never replaces an existing template.
void Associate(TemplateMap& map, std::shared_ptr<const tmpl::Tree> tree) {
  auto it = map.find(tree->name);
  if (it != map.end() && tmpl::IsEmptyTree(*tree->root)) return;
  map[tree->name] = std::move(tree);
}

}  // namespace

TemplateSet::TemplateSet(TemplateOptions options, const Clock* clock)
    : options_(std::move(options)), clock_(clock) {}

TemplateSet TemplateSet::WithDefaults(TemplateOptions options, const Clock* clock) {
  TemplateSet set(std::move(options), clock);
  Status s = set.AddText("default.tmpl", tmpl::DefaultTemplatesText());
  // The defaults are part of the binary and covered by tests; failing here is a bug.
  if (!s.ok()) throw std::logic_error("default templates do not parse: " + s.error());
  return set;
}

Status TemplateSet::AddText(std::string_view name, std::string_view text) {
  Result<tmpl::ParsedFile> parsed = tmpl::ParseTemplate(name, text, tmpl::HasFunction);
  if (!parsed.ok()) return Error{parsed.error()};
  for (auto& tree : parsed->trees) Associate(templates_, std::move(tree));
  return Status::Ok();
}

Status TemplateSet::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"open " + path + ": no such file or directory"};
  std::string content;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    content.append(buf, static_cast<std::size_t>(in.gcount()));
    if (content.size() > options_.max_file_bytes) {
      return Error{"template file " + path + " exceeds " + std::to_string(options_.max_file_bytes) +
                   " bytes"};
    }
  }
  std::size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  return AddText(base, content);
}

Result<std::string> TemplateSet::Run(std::string_view text, const tmpl::Value& data,
                                     Time now) const {
  if (text.empty()) return std::string();
  Result<tmpl::ParsedFile> parsed = tmpl::ParseTemplate("", text, tmpl::HasFunction);
  if (!parsed.ok()) return Error{parsed.error()};
  tmpl::CallContext ctx;
  ctx.style.kv_stringer = options_.kv_stringer;
  ctx.now = now;
  const tmpl::Tree& top = *parsed->trees.front();
  if (parsed->trees.size() == 1) return tmpl::Execute(top, templates_, data, ctx, options_.limits);
  // Inline text that defines templates sees them (Alertmanager parses into a clone).
  TemplateMap overlay = templates_;
  for (std::size_t i = 1; i < parsed->trees.size(); ++i) Associate(overlay, parsed->trees[i]);
  return tmpl::Execute(top, overlay, data, ctx, options_.limits);
}

Result<std::string> TemplateSet::ExecuteText(std::string_view text, const tmpl::Value& data) const {
  return Run(text, data, clock_ ? clock_->Now() : kZeroTime);
}

Result<std::string> TemplateSet::ExecuteText(std::string_view text, const TemplateData& data) const {
  Time now = !IsZero(data.now) ? data.now : clock_ ? clock_->Now() : kZeroTime;
  return Run(text, tmpl::MakeData(data), now);
}

namespace {
std::string TemplateCall(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return "{{ template " + quoted + "\" . }}";
}
}  // namespace

Result<std::string> TemplateSet::ExecuteNamed(std::string_view name, const tmpl::Value& data) const {
  return ExecuteText(TemplateCall(name), data);
}

Result<std::string> TemplateSet::ExecuteNamed(std::string_view name, const TemplateData& data) const {
  return ExecuteText(TemplateCall(name), data);
}

}  // namespace overlord
