// Handlers for /api/v2/alerts and /api/v2/alerts/groups.
#pragma once

#include <httplib.h>

#include "api/http_api.h"

namespace overlord::api {

void HandlePostAlerts(const httplib::Request& req, httplib::Response& res, const ApiOptions& options,
                      const ApiDeps& deps);
void HandleGetAlerts(const httplib::Request& req, httplib::Response& res, const ApiDeps& deps);
void HandleGetAlertGroups(const httplib::Request& req, httplib::Response& res, const ApiDeps& deps);

}  // namespace overlord::api
