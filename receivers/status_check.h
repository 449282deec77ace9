// CheckStatus: Alertmanager's status-code classification shared by the HTTP integrations
// (spec 11): 2xx succeeds, 5xx and the integration's extra codes are retried, anything
// else fails for this flush.
#pragma once

#include <initializer_list>
#include <string_view>

#include "receivers/http_client.h"
#include "receivers/integration.h"

namespace overlord {

// Error text `unexpected status code N: <details>`, or without `: ...` when `details`
// is empty. `details` is usually the response body.
SendResult CheckStatus(int status_code, std::string_view details,
                       std::initializer_list<int> extra_retry_codes = {});

// SendResult for a response: transport errors are retryable (unless permanent), otherwise
// CheckStatus on the status code and body.
SendResult ClassifyResponse(const HttpResponse& response,
                            std::initializer_list<int> extra_retry_codes = {});

}  // namespace overlord
