// Retrier: delivers one notification through one integration within a flush deadline
// (spec 12). Attempts at once; after a retryable failure waits with Backoff and tries
// again, until success, a non-retryable failure or the deadline. Records the per-attempt
// metrics alertmanager_notification_requests_total, ..._requests_failed_total and
// alertmanager_notification_latency_seconds, labelled by integration type.
//
//   Retrier retrier({clock, sleeper, random, registry});
//   RetryOutcome out = retrier.Notify(integration, notification, deadline);
//   if (!out.ok) log(out.error);  // "team/webhook[0]: notify retry canceled after 3 ..."
#pragma once

#include <string>

#include "metrics/registry.h"
#include "model/clock.h"
#include "receivers/backoff.h"
#include "receivers/integration.h"
#include "receivers/sleeper.h"

namespace overlord {

struct RetryOutcome {
  bool ok = false;
  int attempts = 0;  // Send calls made
  SendResult last;   // result of the last attempt (default when none was made)
  // Empty on success, else
  //   "<receiver>/<type>[<idx>]: notify retry canceled after N attempts: <last error>"
  //   "<receiver>/<type>[<idx>]: notify retry canceled due to unrecoverable error after N
  //    attempts: <error>"
  // where <last error> is "context deadline exceeded" (or "context canceled" on
  // shutdown) when no attempt failed before the deadline.
  std::string error;
  bool unrecoverable = false;  // ended by a non-retryable failure
};

// Everything must outlive the Retrier. All are shared between concurrent Notify calls.
struct RetrierDeps {
  const Clock& clock;
  Sleeper& sleeper;
  RandomSource& random;
  Registry& registry;
};

class Retrier {
 public:
  explicit Retrier(RetrierDeps deps);

  // `deadline` = kZeroTime means no deadline (only success, an unrecoverable error or a
  // shutdown interruption of the sleeper ends the loop). Thread-safe.
  RetryOutcome Notify(Integration& integration, const Notification& notification,
                      Time deadline) const;

 private:
  RetrierDeps deps_;
};

// Declares the per-attempt metric families and sets the counters of every integration
// type Alertmanager knows to zero, as Alertmanager exports them before any traffic.
void DescribeNotificationRequestMetrics(Registry& registry);

}  // namespace overlord
