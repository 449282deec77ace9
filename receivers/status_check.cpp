#include "receivers/status_check.h"

#include <algorithm>
#include <string>

namespace overlord {

SendResult CheckStatus(int status_code, std::string_view details,
                       std::initializer_list<int> extra_retry_codes) {
  SendResult result;
  result.status_code = status_code;
  if (status_code / 100 == 2) {
    result.ok = true;
    return result;
  }
  result.retryable = status_code / 100 == 5 ||
                     std::find(extra_retry_codes.begin(), extra_retry_codes.end(), status_code) !=
                         extra_retry_codes.end();
  result.error = "unexpected status code " + std::to_string(status_code);
  if (!details.empty()) {
    result.error += ": ";
    result.error += details;
  }
  return result;
}

SendResult ClassifyResponse(const HttpResponse& response,
                            std::initializer_list<int> extra_retry_codes) {
  if (!response.error.empty()) {
    SendResult result;
    result.retryable = !response.permanent;
    result.error = response.error;
    return result;
  }
  return CheckStatus(response.status_code, response.body, extra_retry_codes);
}

}  // namespace overlord
