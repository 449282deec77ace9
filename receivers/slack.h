// SlackIntegration: a slack_configs entry. POSTs one incoming-webhook message with exactly
// one attachment (spec 11.1) to api_url; retries 5xx and transport errors only, like
// Alertmanager 0.25 (which looks at the status code, not at Slack's `ok` field).
#pragma once

#include <string>

#include "config/config.h"
#include "model/clock.h"
#include "model/result.h"
#include "receivers/http_client.h"
#include "receivers/integration.h"
#include "template/template_set.h"

namespace overlord {

struct SlackMessage {
  std::string body;     // Go's json.Encoder output, trailing newline included
  std::string channel;  // rendered, for error messages
};

// Renders every templated field of `config` for `notification`. The error is the first
// template failure. The title is cut to 1024 runes.
Result<SlackMessage> RenderSlackMessage(const config::SlackConfig& config,
                                        const TemplateSet& templates,
                                        const Notification& notification);

class SlackIntegration final : public Integration {
 public:
  // `templates` and `clock` must outlive the integration; `observer` (optional) sees every
  // HTTP exchange.
  SlackIntegration(config::SlackConfig config, int index, const TemplateSet& templates,
                   const Clock& clock, HttpExchangeObserver observer = {});

  std::string_view type() const override { return "slack"; }
  int index() const override { return index_; }
  bool send_resolved() const override { return config_.send_resolved; }

  SendResult Send(const Notification& notification, Time deadline) override;

 private:
  config::SlackConfig config_;
  int index_;
  const TemplateSet& templates_;
  const Clock& clock_;
  HttpClient client_;
};

}  // namespace overlord
