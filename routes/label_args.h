// The label arguments of `amtool config routes test`: each argument is one `name=value`
// matcher (classic syntax, so `a=1,b=2` is the single label a="1,b=2").
//
//   Result<LabelSet> labels = ParseLabelArgs({"alertname=Disk", "team=\"db\""});
#pragma once

#include <string>
#include <vector>

#include "model/labels.h"
#include "model/result.h"

namespace overlord::routes {

// Errors read like amtool's: "Failed to parse labels: <why>".
Result<LabelSet> ParseLabelArgs(const std::vector<std::string>& args);

}  // namespace overlord::routes
