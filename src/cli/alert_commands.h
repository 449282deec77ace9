// `overlord alert query|add` (spec 15.2): amtool's alert commands over API v2.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace overlord::cli {

CommandGroup AlertCommands();

// `overlord alert ...`; `query` is the default command. Returns the exit code.
int RunAlert(const std::vector<std::string>& args, const CliEnv& env);

}  // namespace overlord::cli
