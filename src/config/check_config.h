// `check-config`: validates config files and prints a summary per file in the format of
// `amtool check-config`:
//
//   Checking 'alertmanager.yml'  SUCCESS
//   Found:
//    - global config
//    - route
//    - 2 inhibit rules
//    - 4 receivers
//    - 1 templates
//     SUCCESS
//
// or `Checking 'x.yml'  FAILED: <error>`, a blank line after each file, and finally
// `error: failed to validate N file(s)` when any failed.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "model/result.h"

namespace overlord::config {

// Parses the templates the globs match; plugged in by the template engine. Without one,
// templates are only counted.
using TemplateChecker = std::function<Status(const std::vector<std::string>& globs)>;

// Returns 0 when every file is valid, 1 otherwise. "-" reads the config from stdin.
int CheckConfig(const std::vector<std::string>& files, std::ostream& out,
                const TemplateChecker& check_templates = nullptr);

}  // namespace overlord::config
