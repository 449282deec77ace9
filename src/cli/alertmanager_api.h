// AlertmanagerApi: the API v2 operations the CLI uses, typed, with errors worded as amtool's
// generated client words them, e.g.
//   [POST /silences][400] postSilencesBadRequest  silence invalid: ...
//   [GET /silence/{silenceID}][404] getSilenceNotFound
// so scripts and people see the same text with Overlord and amtool.
#pragma once

#include <string>
#include <vector>

#include "cli/api_client.h"
#include "cli/api_types.h"
#include "model/matcher.h"

namespace overlord::cli {

struct AlertQuery {
  bool active = true, silenced = false, inhibited = false, unprocessed = false;
  std::string receiver;  // anchored regex; "" = any
  Matchers filter;
};

// An API call that got an HTTP answer the operation does not define as success.
struct ApiCallError {
  int status = 0;  // 0 when no HTTP answer arrived
  std::string message;
};

template <class T>
struct ApiResult {
  bool ok() const { return error.message.empty(); }
  T value{};
  ApiCallError error;
};

class AlertmanagerApi {
 public:
  explicit AlertmanagerApi(const ApiClient& client) : client_(client) {}

  ApiResult<std::vector<ApiSilence>> GetSilences(const Matchers& filter) const;
  ApiResult<ApiSilence> GetSilence(const std::string& id) const;
  // Returns the resulting silence ID (a new one unless the server updated in place).
  ApiResult<std::string> PostSilence(const ApiSilence& silence) const;
  ApiResult<bool> DeleteSilence(const std::string& id) const;
  ApiResult<std::vector<ApiAlert>> GetAlerts(const AlertQuery& query) const;
  ApiResult<bool> PostAlert(const ApiAlert& alert) const;

 private:
  const ApiClient& client_;
};

// The go-swagger error text for `status` answering operation `op` (e.g. "postSilences") at
// `route` ("POST /silences"). Exposed for tests.
std::string SwaggerErrorMessage(const std::string& route, const std::string& op, int status,
                                const std::string& body);

}  // namespace overlord::cli
