// Shared by the template tests: the Go behaviour table and the data it was recorded on.
#pragma once

#include <string>
#include <vector>

#include "template/data.h"

namespace overlord::tmpl::testing {

enum Expect { kOk, kError, kErrorAny };

struct GoCase {
  std::string text;
  Expect expect;
  std::string want;  // output, or the error message
};

const std::vector<GoCase>& GoCases();

// Receiver team-x.pager; alert a:9100 firing (critical), alert b:9100 resolved (warning);
// grouped by alertname; common labels {alertname=X, job=node}; no common annotations.
TemplateData GoCaseData();

}  // namespace overlord::tmpl::testing
