// FlushPipeline: what one flush of one aggregation group does after its timer fired
// (spec 5.4, 6, 12): mute stages, then for every integration of the route's receiver, in
// parallel: dedup against the nflog, send with retries until the flush deadline, record.
// Stateless apart from its dependencies; the Dispatcher decides when it runs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dispatch/flush_record.h"
#include "dispatch/mute_stage.h"
#include "metrics/registry.h"
#include "model/alert.h"
#include "model/clock.h"
#include "nflog/notification_log.h"
#include "receivers/integration.h"
#include "receivers/retrier.h"
#include "routes/route.h"

namespace overlord {

// Sends one notification through one integration until `deadline` (production: a bound
// Retrier::Notify). Must be thread-safe.
using DeliverFn = std::function<RetryOutcome(Integration&, const Notification&, Time deadline)>;

struct FlushDeps {
  const Clock& clock;  // wall clock: send deadline and nflog timestamps
  NotificationLog& nflog;
  Registry& registry;
  DeliverFn deliver;
  FlushObserver observer;  // may be empty
  std::string external_url;
  Duration data_retention = std::chrono::hours(120);
};

struct FlushJob {
  const routes::RouteNode* route = nullptr;
  std::string group_key;
  LabelSet group_labels;
  // Every alert of the group as stored; the pipeline zeroes ends_at of firing ones and sorts.
  std::vector<Alert> alerts;
  Time tick = kZeroTime;  // "now" for the whole pipeline (spec 5.2)
  const std::vector<std::unique_ptr<Integration>>* integrations = nullptr;
  const std::vector<std::shared_ptr<const MuteStage>>* mute_stages = nullptr;
};

// Returns true when every integration succeeded or was skipped (or everything was muted):
// only then may the group forget its resolved alerts.
bool RunFlushPipeline(const FlushJob& job, const FlushDeps& deps);

// The minimum time a flush may take before it is abandoned: max(group_interval, 10s).
Duration FlushTimeout(Duration group_interval);

// `reason` label of alertmanager_notifications_failed_total for a failed delivery.
std::string FailureReason(const RetryOutcome& outcome);

// Declares the dispatcher's metric families and zeroes the per-integration counters.
void DescribeDispatchMetrics(Registry& registry);

}  // namespace overlord
