#include "cli/output_format.h"

#include <algorithm>

#include "cli/tab_writer.h"

namespace overlord::cli {
namespace {

// The canonical matcher text (spec 3.3); built without Matcher::Create so a regex the local
// RE2 rejects still prints.
std::string MatcherText(const ApiMatcher& m) {
  const MatchType type = m.is_regex ? (m.is_equal ? MatchType::kRegex : MatchType::kNotRegex)
                                    : (m.is_equal ? MatchType::kEqual : MatchType::kNotEqual);
  Result<Matcher> matcher = Matcher::Create(type, m.name, m.value);
  if (matcher.ok()) return matcher->ToString();
  // Only an invalid regex gets here; print it as ToString would with an escaped value.
  std::string out = m.name + std::string(MatchTypeToString(type)) + "\"";
  for (char c : m.value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out + "\"";
}

// k="v" pairs, space separated, in name order, values unescaped (as amtool prints them).
std::string KeyValues(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += (out.empty() ? "" : " ") + k + "=\"" + v + "\"";
  return out;
}

std::string Get(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "simple") return OutputFormat::kSimple;
  if (name == "extended") return OutputFormat::kExtended;
  if (name == "json") return OutputFormat::kJson;
  return Error{"unknown output format '" + name + "' (expected simple, extended or json)"};
}

std::string SimpleMatchers(const std::vector<ApiMatcher>& matchers) {
  std::string out;
  for (const auto& m : matchers) out += (out.empty() ? "" : " ") + MatcherText(m);
  return out;
}

std::string ExtendedMatchers(const std::vector<ApiMatcher>& matchers) {
  std::string out = "{";
  for (std::size_t i = 0; i < matchers.size(); ++i) out += (i ? "," : "") + MatcherText(matchers[i]);
  return out + "}";
}

std::string FormatSilences(std::vector<ApiSilence> silences, OutputFormat format,
                           const std::string& date_format) {
  if (format == OutputFormat::kJson) return EncodeSilences(silences) + "\n";
  std::stable_sort(silences.begin(), silences.end(),
                   [](const ApiSilence& a, const ApiSilence& b) { return a.ends_at < b.ends_at; });
  auto date = [&](const ZonedTime& t) { return FormatGoLayout(t, date_format); };
  TabWriter w;
  if (format == OutputFormat::kSimple) {
    w.AddRow({"ID", "Matchers", "Ends At", "Created By", "Comment"});
    for (const ApiSilence& s : silences) {
      w.AddRow({s.id, SimpleMatchers(s.matchers), date(s.ends_at), s.created_by, s.comment});
    }
  } else {
    w.AddRow({"ID", "Matchers", "Starts At", "Ends At", "Updated At", "Created By", "Comment"});
    for (const ApiSilence& s : silences) {
      w.AddRow({s.id, ExtendedMatchers(s.matchers), date(s.starts_at), date(s.ends_at),
                date(s.updated_at), s.created_by, s.comment});
    }
  }
  return w.Render();
}

std::string FormatAlerts(std::vector<ApiAlert> alerts, OutputFormat format,
                         const std::string& date_format) {
  if (format == OutputFormat::kJson) return EncodeAlerts(alerts) + "\n";
  std::stable_sort(alerts.begin(), alerts.end(),
                   [](const ApiAlert& a, const ApiAlert& b) { return a.starts_at < b.starts_at; });
  auto date = [&](const ZonedTime& t) { return FormatGoLayout(t, date_format); };
  TabWriter w;
  if (format == OutputFormat::kSimple) {
    w.AddRow({"Alertname", "Starts At", "Summary", "State"});
    for (const ApiAlert& a : alerts) {
      w.AddRow({Get(a.labels, "alertname"), date(a.starts_at), Get(a.annotations, "summary"), a.state});
    }
  } else {
    w.AddRow({"Labels", "Annotations", "Starts At", "Ends At", "Generator URL", "State"});
    for (const ApiAlert& a : alerts) {
      w.AddRow({KeyValues(a.labels), KeyValues(a.annotations), date(a.starts_at), date(a.ends_at),
                a.generator_url, a.state});
    }
  }
  return w.Render();
}

}  // namespace overlord::cli
