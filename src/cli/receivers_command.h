// `overlord receivers test`: sends one sample notification through every integration of a
// configured receiver and prints, per integration, exactly what went over the wire (method,
// URL, headers, body) and what the service answered (status and body, or the transport
// error), so a config can be checked against the real Slack/PagerDuty/OpsGenie/webhook
// endpoint before alerts depend on it.
//
//   overlord receivers test --config.file=alertmanager.yml team-x severity=critical
//       [--annotation=summary="disk full"] [--resolved] [--web.external-url=URL]
//
// The notification is what the server would send for one alert with these labels
// (alertname defaults to "TestAlert"): same templates (the config's `templates:`), same
// group key (from the route that sends those labels to this receiver, hence the same
// PagerDuty dedup_key / OpsGenie alias), one attempt per integration, no retries.
//
// Secrets never reach the output: the configured URLs (webhook url, Slack api_url,
// PagerDuty url, OpsGenie api_url) are shown as scheme://host/<secret> plus whatever the
// integration appended; keys (routing/service/api keys, from the config, their files or
// as rendered into a body) become <secret> wherever they appear; Authorization headers keep
// only their scheme ("GenieKey <secret>").
//
// Exit codes: 0 every integration succeeded (one whose send_resolved is false is skipped
// for --resolved, as the server would); 1 any failed or the config cannot be loaded;
// 2 usage errors.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/clock.h"

namespace overlord::cli {

// `overlord receivers <command> args...`; returns the exit code.
int RunReceivers(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const Clock& clock);

// `url` with `secret_base` (a configured secret URL it starts with) shown as
// scheme://host[:port] followed by "/<secret>" when the base has a path beyond "/" (its
// trailing '/' kept), then the rest of `url` unchanged. User info becomes "<secret>@".
// A URL that starts with none of the bases has its whole path and query masked.
std::string MaskUrl(std::string_view url, const std::vector<std::string>& secret_bases);

}  // namespace overlord::cli
