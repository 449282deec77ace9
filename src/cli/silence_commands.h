// `overlord silence add|query|expire|update|import` (spec 7.6): amtool's silence commands
// over API v2, so they work against Overlord and a real Alertmanager alike.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace overlord::cli {

CommandGroup SilenceCommands();

// `overlord silence ...`; `query` is the default command. Returns the exit code.
int RunSilence(const std::vector<std::string>& args, const CliEnv& env);

// The silence import command (silence_import.cpp).
Command SilenceImportCommand();

}  // namespace overlord::cli
