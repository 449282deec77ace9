#include "cli/matcher_args.h"

namespace overlord::cli {
namespace {

Result<std::map<std::string, std::string>> ParsePairs(const std::vector<std::string>& args) {
  std::map<std::string, std::string> out;
  for (const std::string& arg : args) {
    Result<Matcher> m = ParseMatcher(arg);
    if (!m.ok()) return Error{m.error()};
    if (m->type() != MatchType::kEqual) {
      return Error{"labels must be specified as key=value pairs (got " + arg + ")"};
    }
    out[m->name()] = m->value();
  }
  return out;
}

}  // namespace

Result<Matchers> ParseMatcherArgs(std::vector<std::string> args) {
  if (!args.empty() && !ParseMatcher(args[0]).ok()) args[0] = "alertname=" + args[0];
  Matchers out;
  for (const std::string& arg : args) {
    Result<Matcher> m = ParseMatcher(arg);
    if (!m.ok()) return Error{m.error()};
    out.push_back(std::move(*m));
  }
  return out;
}

Result<std::map<std::string, std::string>> ParseLabelArgs(std::vector<std::string> args) {
  if (!args.empty()) {
    Result<Matcher> first = ParseMatcher(args[0]);
    if (!first.ok() || first->type() != MatchType::kEqual) args[0] = "alertname=" + args[0];
  }
  return ParsePairs(args);
}

Result<std::map<std::string, std::string>> ParseAnnotationArgs(const std::vector<std::string>& args) {
  return ParsePairs(args);
}

}  // namespace overlord::cli
