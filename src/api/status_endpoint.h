// Handlers for /api/v2/status and /api/v2/receivers.
#pragma once

#include <httplib.h>

#include "api/http_api.h"

namespace overlord::api {

void HandleGetStatus(httplib::Response& res, const ApiOptions& options, const ApiDeps& deps);
void HandleGetReceivers(httplib::Response& res, const ApiDeps& deps);

}  // namespace overlord::api
