// Integration: one configured notifier (a webhook_configs entry, a slack_configs entry, ...).
// Every integration sits behind this interface; nothing here knows about routing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "receivers/notification.h"

namespace overlord {

struct SendResult {
  bool ok = false;
  bool retryable = false;  // a transport error, 5xx, or a code the integration retries
  int status_code = 0;     // 0 when no HTTP answer arrived
  std::string error;       // "unexpected status code 500: <body>" style, secrets removed
  // The server's Retry-After, when it sent one: the next attempt should wait at least
  // this long (still bounded by the flush deadline).
  std::optional<Duration> retry_after;
};

class Integration {
 public:
  virtual ~Integration() = default;

  virtual std::string_view type() const = 0;  // "webhook", "slack", "pagerduty", "opsgenie"
  virtual int index() const = 0;              // position among the receiver's configs of type
  virtual bool send_resolved() const = 0;

  // One attempt; must return by `deadline`. Thread-safe: flushes of different groups may
  // call it concurrently.
  virtual SendResult Send(const Notification& notification, Time deadline) = 0;
};

}  // namespace overlord
