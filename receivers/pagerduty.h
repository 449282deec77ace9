// PagerdutyIntegration: a pagerduty_configs entry (spec 11.2). With a routing key it sends
// Events API v2 events to `url`; with a service key, Events API v1 events to PagerDuty's
// fixed v1 endpoint. The event is `resolve` when every alert is resolved, else `trigger`,
// and is keyed by hex(sha256(group key)) so PagerDuty resolves what it opened.
#pragma once

#include <string>

#include "config/config.h"
#include "model/clock.h"
#include "model/result.h"
#include "receivers/http_client.h"
#include "receivers/integration.h"
#include "template/template_set.h"

namespace overlord {

inline constexpr std::string_view kPagerdutyV1Url =
    "https://events.pagerduty.com/generic/2010-04-15/create_event.json";
// An encoded event larger than this has its details replaced by a short error entry.
inline constexpr std::size_t kPagerdutyMaxEventBytes = 512000;

struct PagerdutyEvent {
  std::string body;              // Go's json.Encoder output, trailing newline included
  bool details_removed = false;  // the size rule replaced the details
  bool summary_truncated = false;
};

// Renders the event for `notification`. The error is what Alertmanager reports for a
// template failure, an unreadable key file or a key that renders empty; none of them
// contains a key.
Result<PagerdutyEvent> RenderPagerdutyEvent(const config::PagerdutyConfig& config,
                                            const TemplateSet& templates,
                                            const Notification& notification,
                                            std::string_view group_key);

// The error detail Alertmanager shows for a PagerDuty answer: for 400, the JSON body's
// `<message>: <errors joined by ",">`; otherwise (or for a body it cannot decode) "".
std::string PagerdutyErrorDetails(int status_code, std::string_view body);

class PagerdutyIntegration final : public Integration {
 public:
  // `templates` and `clock` must outlive the integration. `v1_url` replaces PagerDuty's
  // fixed v1 endpoint (tests only). `observer` (optional) sees every HTTP exchange.
  PagerdutyIntegration(config::PagerdutyConfig config, int index, const TemplateSet& templates,
                       const Clock& clock, std::string v1_url = std::string(kPagerdutyV1Url),
                       HttpExchangeObserver observer = {});

  std::string_view type() const override { return "pagerduty"; }
  int index() const override { return index_; }
  bool send_resolved() const override { return config_.send_resolved; }

  SendResult Send(const Notification& notification, Time deadline) override;

 private:
  bool v1() const { return !config_.service_key.empty() || !config_.service_key_file.empty(); }

  config::PagerdutyConfig config_;
  int index_;
  const TemplateSet& templates_;
  const Clock& clock_;
  std::string v1_url_;
  HttpClient client_;
};

}  // namespace overlord
