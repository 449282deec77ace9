// Positional matcher and label arguments of the CLI, with amtool's first-argument rule: if
// the first argument does not parse as a matcher it means `alertname=<arg>`.
//
//   ParseMatcherArgs({"HighLatency", "job=~\"api.*\""})  // {alertname="HighLatency", job=~"api.*"}
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/matcher.h"
#include "model/result.h"

namespace overlord::cli {

// For silence add/query and alert query. Each argument is one matcher (no braces).
Result<Matchers> ParseMatcherArgs(std::vector<std::string> args);

// For alert add: every argument must be name=value ("labels must be specified as key=value
// pairs"); the first one becomes alertname=<arg> unless it is such a pair. Values follow the
// matcher syntax (quotes optional).
Result<std::map<std::string, std::string>> ParseLabelArgs(std::vector<std::string> args);
// --annotation values: name=value pairs, no first-argument rule.
Result<std::map<std::string, std::string>> ParseAnnotationArgs(const std::vector<std::string>& args);

}  // namespace overlord::cli
