#include "receivers/retrier.h"

#include <algorithm>
#include <string_view>

namespace overlord {

namespace {

constexpr std::string_view kRequestsTotal = "alertmanager_notification_requests_total";
constexpr std::string_view kRequestsFailed = "alertmanager_notification_requests_failed_total";
constexpr std::string_view kLatency = "alertmanager_notification_latency_seconds";

constexpr std::string_view kKnownIntegrations[] = {
    "discord",  "email",      "msteams", "msteamsv2", "opsgenie",  "pagerduty",
    "pushover", "rocketchat", "slack",   "sns",       "telegram",  "victorops",
    "webex",    "webhook",    "wechat",  "jira",      "incidentio"};

bool DeadlinePassed(Time deadline, Time now) { return !IsZero(deadline) && now >= deadline; }

}  // namespace

void DescribeNotificationRequestMetrics(Registry& registry) {
  registry.Describe(kRequestsTotal, MetricType::kCounter,
                    "The total number of attempted notification requests.");
  registry.Describe(kRequestsFailed, MetricType::kCounter,
                    "The total number of failed notification requests.");
  registry.Describe(kLatency, MetricType::kHistogram, "The latency of notifications in seconds.",
                    {1, 5, 10, 15, 20});
  for (std::string_view integration : kKnownIntegrations) {
    const MetricLabels labels = {{"integration", std::string(integration)}};
    registry.Add(kRequestsTotal, labels, 0);
    registry.Add(kRequestsFailed, labels, 0);
  }
}

Retrier::Retrier(RetrierDeps deps) : deps_(deps) {
  DescribeNotificationRequestMetrics(deps_.registry);
}

RetryOutcome Retrier::Notify(Integration& integration, const Notification& notification,
                             Time deadline) const {
  const std::string name = notification.receiver + "/" + std::string(integration.type()) + "[" +
                           std::to_string(integration.index()) + "]";
  const MetricLabels labels = {{"integration", std::string(integration.type())}};
  RetryOutcome out;
  std::string last_error;
  auto canceled = [&](std::string_view why) {
    out.error = name + ": notify retry canceled after " + std::to_string(out.attempts) +
                " attempts: " + (last_error.empty() ? std::string(why) : last_error);
    return out;
  };

  Backoff backoff(deps_.random);
  while (true) {
    // Checked first so a flush that ran out of time never sends again.
    if (DeadlinePassed(deadline, deps_.clock.Now())) return canceled("context deadline exceeded");

    const Time start = deps_.clock.Now();
    out.last = integration.Send(notification, deadline);
    ++out.attempts;
    const Duration took = deps_.clock.Now() - start;
    deps_.registry.Observe(kLatency, labels, std::chrono::duration<double>(took).count());
    deps_.registry.Add(kRequestsTotal, labels);
    if (out.last.ok) {
      out.ok = true;
      return out;
    }
    deps_.registry.Add(kRequestsFailed, labels);
    if (!out.last.retryable) {
      out.unrecoverable = true;
      out.error = name + ": notify retry canceled due to unrecoverable error after " +
                  std::to_string(out.attempts) + " attempts: " + out.last.error;
      return out;
    }
    last_error = out.last.error;

    Duration wait = backoff.Next();
    // A server that says when to come back (Retry-After) is not asked again sooner.
    if (out.last.retry_after) wait = std::max(wait, *out.last.retry_after);
    if (!IsZero(deadline)) {
      const Duration remaining = deadline - deps_.clock.Now();
      if (remaining <= Duration::zero()) return canceled("context deadline exceeded");
      wait = std::min(wait, remaining);
    }
    if (!deps_.sleeper.SleepFor(wait)) return canceled("context canceled");
  }
}

}  // namespace overlord
