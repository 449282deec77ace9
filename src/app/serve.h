// Serve: runs the router until SIGTERM/SIGINT; SIGHUP reloads the configuration.
#pragma once

#include "server/flags.h"

namespace overlord {

// Returns the process exit code. Start-up errors (bad config, port in use) are printed and
// give a non-zero code.
int Serve(const ServerFlags& flags);

}  // namespace overlord
