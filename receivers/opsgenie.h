// OpsgenieIntegration: an opsgenie_configs entry (spec 11.3). While any alert fires it
// creates (or, OpsGenie deduplicating by alias, refreshes) an alert with
// alias = hex(sha256(group key)), optionally followed by message/description updates;
// when all are resolved it closes that alias. Retries 5xx, 429 and transport errors.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "model/clock.h"
#include "model/result.h"
#include "receivers/http_client.h"
#include "receivers/integration.h"
#include "template/template_set.h"

namespace overlord {

struct OpsgenieRequest {
  std::string method;  // "POST" or "PUT"
  std::string url;
  std::string body;  // Go's json.Encoder output, trailing newline included
};

struct OpsgenieRequests {
  std::vector<OpsgenieRequest> requests;  // sent in order; the first failure stops
  std::string api_key;                    // rendered; goes only into the Authorization header
  bool message_truncated = false;
};

// Renders the requests for `notification`. The error is Alertmanager's text for a
// template failure or an unreadable key file; it never contains the key.
Result<OpsgenieRequests> RenderOpsgenieRequests(const config::OpsgenieConfig& config,
                                                const TemplateSet& templates,
                                                const Notification& notification);

class OpsgenieIntegration final : public Integration {
 public:
  // `templates` and `clock` must outlive the integration; `observer` (optional) sees every
  // HTTP exchange.
  OpsgenieIntegration(config::OpsgenieConfig config, int index, const TemplateSet& templates,
                      const Clock& clock, HttpExchangeObserver observer = {});

  std::string_view type() const override { return "opsgenie"; }
  int index() const override { return index_; }
  bool send_resolved() const override { return config_.send_resolved; }

  SendResult Send(const Notification& notification, Time deadline) override;

 private:
  config::OpsgenieConfig config_;
  int index_;
  const TemplateSet& templates_;
  const Clock& clock_;
  HttpClient client_;
};

}  // namespace overlord
