// The three output formats of amtool (simple, extended, json) for silences and alerts,
// byte for byte as amtool 0.25 prints them.
//
// simple silences:   ID  Matchers  Ends At  Created By  Comment        (sorted by endsAt)
// extended silences: ID  Matchers  Starts At  Ends At  Updated At  Created By  Comment
// simple alerts:     Alertname  Starts At  Summary  State             (sorted by startsAt)
// extended alerts:   Labels  Annotations  Starts At  Ends At  Generator URL  State
// json: the API objects as one JSON array line, in the server's order.
// Dates use `date_format`, a Go layout such as "2006-01-02 15:04:05 MST".
#pragma once

#include <string>
#include <vector>

#include "cli/api_types.h"

namespace overlord::cli {

enum class OutputFormat { kSimple, kExtended, kJson };

// "simple" | "extended" | "json".
Result<OutputFormat> ParseOutputFormat(const std::string& name);

std::string FormatSilences(std::vector<ApiSilence> silences, OutputFormat format,
                           const std::string& date_format);
std::string FormatAlerts(std::vector<ApiAlert> alerts, OutputFormat format,
                         const std::string& date_format);

// `a="b" c=~"d"` (simple) and `{a="b",c=~"d"}` (extended), from the API matchers.
std::string SimpleMatchers(const std::vector<ApiMatcher>& matchers);
std::string ExtendedMatchers(const std::vector<ApiMatcher>& matchers);

}  // namespace overlord::cli
