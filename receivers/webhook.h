// WebhookIntegration: a webhook_configs entry. POSTs the version 4 JSON message of spec
// 11.4 to the configured URL; 5xx and transport errors are retryable.
#pragma once

#include <string>

#include "config/config.h"
#include "model/clock.h"
#include "receivers/http_client.h"
#include "receivers/integration.h"

namespace overlord {

// The exact request body for `notification` (including the trailing newline Go's
// json.Encoder writes), keeping at most `max_alerts` alerts (0 = all).
std::string WebhookPayload(const Notification& notification, std::uint64_t max_alerts);

class WebhookIntegration final : public Integration {
 public:
  // `clock` must outlive the integration; `observer` (optional) sees every HTTP exchange.
  WebhookIntegration(config::WebhookConfig config, int index, const Clock& clock,
                     HttpExchangeObserver observer = {});

  std::string_view type() const override { return "webhook"; }
  int index() const override { return index_; }
  bool send_resolved() const override { return config_.send_resolved; }

  SendResult Send(const Notification& notification, Time deadline) override;

 private:
  config::WebhookConfig config_;
  int index_;
  HttpClient client_;
};

}  // namespace overlord
