// `overlord template render`: previews a template from the command line, like amtool's
// `template render` (0.26+). The text is rendered with Alertmanager's default templates plus
// the files of the globs, on amtool's sample data or on a JSON file shaped like
// Alertmanager's template data, and printed as is (no newline added, as amtool).
//
//   overlord template render --template.glob='tmpl/*.tmpl'
//       --template.text="{{ template \"slack.default.title\" . }}" [--template.data=d.json]
//
// Errors (a template that fails to parse, naming file and line; a failing execution; an
// unreadable or malformed data file) go to `err` as "overlord: error: ..." with exit 1.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/clock.h"
#include "model/result.h"
#include "template/data.h"

namespace overlord::cli {

// `overlord template <command> args...`; returns the exit code. `clock` supplies "now" for
// the sample data and the `now`/`since` functions.
int RunTemplate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                const Clock& clock);

// amtool's sample data (two alerts, group labels job/op, common labels and annotations,
// ExternalURL https://example.com), with start times 5 and 10 minutes before `now`.
TemplateData SampleTemplateData(Time now);

// Decodes Alertmanager's template.Data JSON: {receiver, status, alerts[{status, labels,
// annotations, startsAt, endsAt, generatorURL, fingerprint}], groupLabels, commonLabels,
// commonAnnotations, externalURL}. Like Go's encoding/json: keys match case-insensitively,
// unknown keys and nulls are ignored, missing fields stay empty (times: Go's zero time),
// a value of the wrong type is an error naming the field. Nothing is derived: Receiver is
// used as written (not regex-escaped) and common labels are not recomputed.
Result<TemplateData> ParseTemplateDataJson(std::string_view json);

}  // namespace overlord::cli
