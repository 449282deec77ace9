#include "cli/template_command.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_flags.h"
#include "template/template_files.h"

namespace overlord::cli {
namespace {

using nlohmann::json;

// A data file is a handful of alerts; anything this large is a mistake.
constexpr std::size_t kMaxDataFileBytes = 16 << 20;

constexpr const char* kGroupHelp =
    "usage: overlord template <command> [<args> ...]\n\n"
    "Render templates.\n\n"
    "Commands:\n"
    "  render --template.glob=GLOB --template.text=TEXT [<flags>]\n"
    "      Render a given definition in a template file to standard output.\n";

constexpr const char* kRenderUsage =
    "usage: overlord template render --template.glob=TEMPLATE.GLOB --template.text=TEMPLATE.TEXT "
    "[<flags>]\n\n"
    "Render a given definition in a template file to standard output. The text is rendered\n"
    "with Alertmanager's default templates and the files the globs match (which may redefine\n"
    "them), on sample data or on the JSON file given with --template.data (Alertmanager's\n"
    "template data: receiver, status, alerts[{status, labels, annotations, startsAt, endsAt,\n"
    "generatorURL, fingerprint}], groupLabels, commonLabels, commonAnnotations, externalURL).\n\n";

FlagSet RenderFlags() {
  FlagSet flags;
  flags.Add({.name = "template.glob",
             .kind = FlagKind::kRepeated,
             .placeholder = "TEMPLATE.GLOB",
             .help = "Glob of paths that will be expanded and used for rendering."});
  flags.Add({.name = "template.text",
             .placeholder = "TEMPLATE.TEXT",
             .help = "The template that will be rendered."});
  flags.Add({.name = "template.type",
             .default_value = "text",
             .placeholder = "TEMPLATE.TYPE",
             .help = "The type of the template. Can be either text (default) or html.",
             .choices = {"html", "text"}});
  flags.Add({.name = "template.data",
             .placeholder = "TEMPLATE.DATA",
             .help = "Full path to a JSON file with the data (Alertmanager's template.Data "
                     "layout) to render with. Default: sample data."});
  return flags;
}

// Go's name for a JSON value's type in "cannot unmarshal X into ..." errors.
std::string GoJsonType(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "null";
}

Error TypeError(const json& v, const std::string& field, const std::string& go_type) {
  return Error{"json: cannot unmarshal " + GoJsonType(v) + " into Go struct field " + field +
               " of type " + go_type};
}

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The value for struct field `name` in `obj`, as encoding/json picks it: an exact key,
// else a case-insensitive one. nullptr when absent or null (null leaves a field alone).
const json* FieldValue(const json& obj, std::string_view name) {
  const json* found = nullptr;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it.key() == name) {
      found = &it.value();
      break;
    }
    if (found == nullptr && EqualFold(it.key(), name)) found = &it.value();
  }
  return found != nullptr && !found->is_null() ? found : nullptr;
}

Status DecodeString(const json& obj, std::string_view name, const std::string& path,
                    std::string* out) {
  const json* v = FieldValue(obj, name);
  if (v == nullptr) return Status::Ok();
  if (!v->is_string()) return TypeError(*v, path, "string");
  *out = v->get<std::string>();
  return Status::Ok();
}

Status DecodeKV(const json& obj, std::string_view name, const std::string& path, LabelSet* out) {
  const json* v = FieldValue(obj, name);
  if (v == nullptr) return Status::Ok();
  if (!v->is_object()) return TypeError(*v, path, "template.KV");
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (it.value().is_null()) continue;
    if (!it.value().is_string()) return TypeError(it.value(), path, "string");
    out->Set(it.key(), it.value().get<std::string>());
  }
  return Status::Ok();
}

Status DecodeTime(const json& obj, std::string_view name, const std::string& path, Time* out) {
  const json* v = FieldValue(obj, name);
  if (v == nullptr) return Status::Ok();
  if (!v->is_string()) return TypeError(*v, path, "time.Time");
  const std::string text = v->get<std::string>();
  Result<Time> t = ParseRFC3339(text);
  if (!t.ok()) return Error{"parsing time \"" + text + "\" (" + path + "): " + t.error()};
  *out = *t;
  return Status::Ok();
}

Result<TemplateAlert> DecodeAlert(const json& v) {
  if (!v.is_object()) return TypeError(v, "Data.alerts", "template.Alert");
  TemplateAlert a;
  for (Status s : {DecodeString(v, "status", "Data.alerts.status", &a.status),
                   DecodeKV(v, "labels", "Data.alerts.labels", &a.labels),
                   DecodeKV(v, "annotations", "Data.alerts.annotations", &a.annotations),
                   DecodeTime(v, "startsAt", "Data.alerts.startsAt", &a.starts_at),
                   DecodeTime(v, "endsAt", "Data.alerts.endsAt", &a.ends_at),
                   DecodeString(v, "generatorURL", "Data.alerts.generatorURL", &a.generator_url),
                   DecodeString(v, "fingerprint", "Data.alerts.fingerprint", &a.fingerprint)}) {
    if (!s.ok()) return Error{s.error()};
  }
  return a;
}

Result<std::string> ReadDataFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"open " + path + ": no such file or not readable"};
  std::string text;
  char buf[64 * 1024];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxDataFileBytes) {
      return Error{path + ": larger than " + std::to_string(kMaxDataFileBytes) + " bytes"};
    }
  }
  return text;
}

Status Render(const ParsedFlags& flags, std::ostream& out, const Clock& clock) {
  if (!flags.IsSet("template.text")) {
    return Error{"required flag --template.text not provided"};
  }
  if (flags.Get("template.type") == "html") {
    // html/template escapes by context (element, attribute, URL, script); rendering as text
    // would show output Alertmanager never produces, so refuse rather than guess.
    return Error{"--template.type=html is not supported by Overlord (html/template is used "
                 "only by email notifications, which Overlord does not send); use text"};
  }
  Result<TemplateSet> templates = LoadTemplates(flags.GetAll("template.glob"), &clock);
  if (!templates.ok()) return Error{templates.error()};

  TemplateData data;
  if (const std::string& file = flags.Get("template.data"); !file.empty()) {
    Result<std::string> text = ReadDataFile(file);
    if (!text.ok()) return Error{text.error()};
    Result<TemplateData> parsed = ParseTemplateDataJson(*text);
    if (!parsed.ok()) return Error{file + ": " + parsed.error()};
    data = std::move(*parsed);
  } else {
    data = SampleTemplateData(clock.Now());
  }
  Result<std::string> rendered = templates->ExecuteText(flags.Get("template.text"), data);
  if (!rendered.ok()) return Error{rendered.error()};
  out << *rendered;
  return Status::Ok();
}

}  // namespace

TemplateData SampleTemplateData(Time now) {
  TemplateData d;
  d.receiver = "receiver";
  d.status = "alertstatus";
  TemplateAlert a;
  a.status = "alertstatus";
  a.labels = {{"label1", "value1"},
              {"label2", "value2"},
              {"instance", "foo.bar:1234"},
              {"commonlabelkey1", "commonlabelvalue1"},
              {"commonlabelkey2", "commonlabelvalue2"}};
  a.annotations = {{"annotation1", "value1"},
                   {"annotation2", "value2"},
                   {"commonannotationkey1", "commonannotationvalue1"},
                   {"commonannotationkey2", "commonannotationvalue2"}};
  a.starts_at = now - std::chrono::minutes(5);
  a.ends_at = now;
  a.generator_url = "https://generatorurl.com";
  a.fingerprint = "fingerprint1";
  d.alerts.push_back(a);
  TemplateAlert b;
  b.status = "alertstatus";
  b.labels = {{"foo", "bar"},
              {"baz", "qux"},
              {"commonlabelkey1", "commonlabelvalue1"},
              {"commonlabelkey2", "commonlabelvalue2"}};
  b.annotations = {{"aaa", "bbb"},
                   {"ccc", "ddd"},
                   {"commonannotationkey1", "commonannotationvalue1"},
                   {"commonannotationkey2", "commonannotationvalue2"}};
  b.starts_at = now - std::chrono::minutes(10);
  b.ends_at = now;
  b.generator_url = "https://generatorurl.com";
  b.fingerprint = "fingerprint2";
  d.alerts.push_back(b);
  d.group_labels = {{"job", "job1"}, {"op", "op1"}};
  d.common_labels = {{"commonlabelkey1", "commonlabelvalue1"},
                     {"commonlabelkey2", "commonlabelvalue2"}};
  d.common_annotations = {{"commonannotationkey1", "commonannotationvalue1"},
                          {"commonannotationkey2", "commonannotationvalue2"}};
  d.external_url = "https://example.com";
  d.now = now;
  return d;
}

Result<TemplateData> ParseTemplateDataJson(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"invalid JSON"};
  TemplateData d;
  if (doc.is_null()) return d;
  if (!doc.is_object()) return Error{"json: cannot unmarshal " + GoJsonType(doc) +
                                     " into Go value of type template.Data"};
  for (Status s :
       {DecodeString(doc, "receiver", "Data.receiver", &d.receiver),
        DecodeString(doc, "status", "Data.status", &d.status),
        DecodeKV(doc, "groupLabels", "Data.groupLabels", &d.group_labels),
        DecodeKV(doc, "commonLabels", "Data.commonLabels", &d.common_labels),
        DecodeKV(doc, "commonAnnotations", "Data.commonAnnotations", &d.common_annotations),
        DecodeString(doc, "externalURL", "Data.externalURL", &d.external_url)}) {
    if (!s.ok()) return Error{s.error()};
  }
  if (const json* alerts = FieldValue(doc, "alerts")) {
    if (!alerts->is_array()) return TypeError(*alerts, "Data.alerts", "template.Alerts");
    for (const json& v : *alerts) {
      Result<TemplateAlert> a = DecodeAlert(v);
      if (!a.ok()) return Error{a.error()};
      d.alerts.push_back(std::move(*a));
    }
  }
  return d;
}

int RunTemplate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const Clock& clock) {
  if (args.empty() || args.front() == "-h" || args.front() == "--help" ||
      args.front() == "help") {
    (args.empty() ? err : out) << kGroupHelp;
    return args.empty() ? 2 : 0;
  }
  if (args.front() != "render") {
    err << "overlord: error: expected command but got \"" << args.front() << "\"\n"
        << kGroupHelp;
    return 2;
  }
  FlagSet flags = RenderFlags();
  Result<ParsedFlags> parsed = flags.Parse({args.begin() + 1, args.end()}, {}, {});
  if (!parsed.ok()) {
    err << "overlord: error: " << parsed.error() << "\n";
    return 2;
  }
  if (parsed->help) {
    out << kRenderUsage << flags.Help();
    return 0;
  }
  if (!parsed->positionals.empty()) {
    err << "overlord: error: unexpected " << parsed->positionals.front() << "\n";
    return 2;
  }
  if (Status s = Render(*parsed, out, clock); !s.ok()) {
    err << "overlord: error: " << s.error() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace overlord::cli
