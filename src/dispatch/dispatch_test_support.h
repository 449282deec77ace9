// Test helpers for the dispatch tests (header only; not part of ov_dispatch's API).
#pragma once

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dispatch/dispatcher.h"
#include "model/clock.h"

namespace overlord::dispatch_test {

inline const Time kT0 = FromUnixSeconds(1704067200);  // 2024-01-01T00:00:00Z

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

inline config::Route MakeRoute(std::string receiver, std::vector<std::string> group_by,
                               Duration group_wait = seconds(30),
                               Duration group_interval = minutes(5),
                               Duration repeat_interval = hours(4)) {
  config::Route r;
  r.receiver = std::move(receiver);
  std::sort(group_by.begin(), group_by.end());
  r.group_by = std::move(group_by);
  r.group_wait = group_wait;
  r.group_interval = group_interval;
  r.repeat_interval = repeat_interval;
  return r;
}

inline Matcher Eq(std::string name, std::string value) {
  return *Matcher::Create(MatchType::kEqual, std::move(name), std::move(value));
}

inline SendResult MakeSendResult(bool ok, bool retryable, int status, std::string error) {
  SendResult r;
  r.ok = ok;
  r.retryable = retryable;
  r.status_code = status;
  r.error = std::move(error);
  return r;
}

// Records every Send; answers from a script (then `ok`). Optionally takes `latency` of
// ManualClock time per send, as a real HTTP request takes wall time.
class FakeIntegration final : public Integration {
 public:
  FakeIntegration(std::string type, int index, bool send_resolved, ManualClock* clock = nullptr)
      : type_(std::move(type)), index_(index), send_resolved_(send_resolved), clock_(clock) {}

  std::string_view type() const override { return type_; }
  int index() const override { return index_; }
  bool send_resolved() const override { return send_resolved_; }

  SendResult Send(const Notification& n, Time deadline) override {
    std::lock_guard lock(mu_);
    calls_.push_back(n);
    deadlines_.push_back(deadline);
    if (clock_ != nullptr) clock_->Advance(latency_);
    if (script_.empty()) return MakeSendResult(true, false, 200, "");
    SendResult r = script_.front();
    script_.pop_front();
    return r;
  }

  void FailNext(int status, bool retryable) {
    std::lock_guard lock(mu_);
    script_.push_back(MakeSendResult(false, retryable, status,
                                     "unexpected status code " + std::to_string(status)));
  }
  void set_latency(Duration d) { latency_ = d; }
  std::vector<Notification> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }
  std::vector<Time> deadlines() const {
    std::lock_guard lock(mu_);
    return deadlines_;
  }
  std::size_t call_count() const {
    std::lock_guard lock(mu_);
    return calls_.size();
  }

 private:
  std::string type_;
  int index_;
  bool send_resolved_;
  ManualClock* clock_;
  Duration latency_{0};
  mutable std::mutex mu_;
  std::deque<SendResult> script_;
  std::vector<Notification> calls_;
  std::vector<Time> deadlines_;
};

// Holds submitted tasks until the test runs them: flushes "in flight" on demand.
class QueueExecutor final : public Executor {
 public:
  void Submit(std::function<void()> task) override { tasks_.push_back(std::move(task)); }
  std::size_t pending() const { return tasks_.size(); }
  void RunAll() {
    std::deque<std::function<void()>> tasks = std::exchange(tasks_, {});
    for (auto& t : tasks) t();
  }

 private:
  std::deque<std::function<void()>> tasks_;
};

// One attempt, no retries: enough for the dispatcher's own logic.
inline RetryOutcome SendOnce(Integration& i, const Notification& n, Time deadline) {
  RetryOutcome out;
  out.last = i.Send(n, deadline);
  out.attempts = 1;
  out.ok = out.last.ok;
  if (!out.ok) out.error = out.last.error;
  return out;
}

// A Dispatcher over a ManualClock and an InlineExecutor, plus what it did.
struct Harness {
  ManualClock clock{kT0};
  NotificationLog nflog{nullptr};
  InlineExecutor executor;
  Registry registry;
  std::mutex records_mu;
  std::vector<FlushRecord> records;
  std::unique_ptr<Dispatcher> dispatcher;

  // Receivers used by `root` get one FakeIntegration each ("webhook", index 0) unless
  // given in `integrations`.
  explicit Harness(const config::Route& root, bool send_resolved = true,
                   DeliverFn deliver = SendOnce, Executor* exec = nullptr) {
    dispatcher = std::make_unique<Dispatcher>(
        DispatcherDeps{clock, nflog, exec ? *exec : executor, registry, std::move(deliver),
                       [this](const FlushRecord& r) {
                         std::lock_guard lock(records_mu);
                         records.push_back(r);
                       }},
        DispatcherOptions{"http://am.example", hours(120)}, Build(root, send_resolved));
  }

  std::shared_ptr<DispatchConfig> Build(const config::Route& root, bool send_resolved) {
    auto cfg = std::make_shared<DispatchConfig>(routes::RoutingTree(root));
    for (const routes::RouteNode* node : cfg->tree.AllNodes()) {
      auto& list = cfg->integrations[node->receiver()];
      if (!list.empty()) continue;
      auto fake = std::make_unique<FakeIntegration>("webhook", 0, send_resolved, &clock);
      fakes[node->receiver()] = fake.get();
      list.push_back(std::move(fake));
    }
    return cfg;
  }

  FakeIntegration& fake(const std::string& receiver) { return *fakes.at(receiver); }

  Alert MakeAlert(LabelSet labels, Time starts_at, Time ends_at = kZeroTime) {
    Alert a;
    a.labels = std::move(labels);
    a.starts_at = starts_at;
    a.ends_at = ends_at;
    a.updated_at = clock.Now();
    return a;
  }
  // A firing alert as Prometheus sends it: starts now, ends far in the future.
  Alert Firing(LabelSet labels) {
    return MakeAlert(std::move(labels), clock.Now(), clock.Now() + hours(100));
  }

  void Insert(const Alert& a) { dispatcher->Insert({a}); }

  // Moves the clock to kT0 + `offset`, running every flush on the way exactly as the real
  // thread would: at each deadline.
  void RunUntil(Duration offset) {
    const Time end = kT0 + offset;
    for (;;) {
      std::optional<Time> next = dispatcher->NextDeadline();
      if (!next || *next > end) break;
      clock.Set(std::max(clock.Now(), *next));
      dispatcher->RunDue(clock.Now());
    }
    if (clock.Now() < end) clock.Set(end);
  }

  std::vector<FlushRecord> TakeRecords() {
    std::lock_guard lock(records_mu);
    return std::exchange(records, {});
  }

  std::map<std::string, FakeIntegration*> fakes;
};

}  // namespace overlord::dispatch_test
