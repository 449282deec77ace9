// Handlers for the silence endpoints of API v2 (spec 7, 10):
//   GET    /api/v2/silences          ?filter=<matcher> (repeatable) &active= &pending= &expired=
//   POST   /api/v2/silences          postableSilence -> {"silenceID":"<uuid>"}
//   GET    /api/v2/silence/{id}      gettableSilence, 404 with an empty body when unknown
//   DELETE /api/v2/silence/{id}      200 empty; 404 when unknown (Alertmanager 0.26+; 0.25: 500)
// A malformed {id} (not a UUID) is 422 {"code":601,...} like go-openapi's path validation.
//
//   RegisterSilenceRoutes(server, p, max_body_bytes, silences, clock, registry);  // p as in http_api.cpp
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "metrics/registry.h"
#include "model/clock.h"
#include "silence/silences.h"

namespace overlord::api {

// `prefix_regex` is the regex-escaped route prefix ending in "/" ("/" by default); the routes
// are prefix_regex + "api/v2/silences" and prefix_regex + "api/v2/silence/<id>". `silences`,
// `clock` and `registry` must outlive the server. Describes the silence metrics.
void RegisterSilenceRoutes(httplib::Server& server, const std::string& prefix_regex,
                           std::size_t max_body_bytes, Silences& silences, const Clock& clock,
                           Registry& registry);

// Sets alertmanager_silences{state} from the registry at `now` (call at scrape time; the
// handlers also call it after every change).
void UpdateSilenceGauges(const Silences& silences, Registry& registry, Time now);

// Encodings, exposed for tests and for whoever renders silences elsewhere.
void AppendGettableSilence(std::string& out, const Silence& silence, Time now);

struct DecodedSilence {
  int status = 0;    // 0 ok; else the HTTP status (400 malformed, 422 schema) with `body`
  std::string body;  // the reply's JSON body when status != 0
  Silence silence;   // matchers not yet compiled: see `matchers`
  std::vector<MatcherSpec> matchers;
};
DecodedSilence DecodePostableSilence(std::string_view body);

}  // namespace overlord::api
