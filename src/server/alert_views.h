// Alerts as GET /api/v2/alerts and /alerts/groups show them, with their state computed at
// one instant (spec 10.1, 10.2).
//
// Views are filled into reused buffers and handed to a visitor, so a request over 100k
// alerts costs neither a copy of every alert nor a status object per alert.
//
//   AlertViewBuilder builder(sources, now);
//   AlertView view;
//   builder.Fill(alert, alert.fingerprint(), &view);  // view.state(), view.receivers, ...
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inhibit/inhibitor.h"
#include "model/alert.h"
#include "routes/route.h"
#include "silence/silences.h"
#include "timeinterval/time_mute_stage.h"

namespace overlord {

// One alert with its state. Points into the alert and the builder that filled it.
struct AlertView {
  const Alert* alert = nullptr;
  Fingerprint fingerprint = 0;  // of alert->labels
  std::vector<std::string> silenced_by;
  std::vector<std::string> inhibited_by;
  std::vector<std::string_view> muted_by;
  std::vector<std::string_view> receivers;  // of every matching route, routing order, unique

  bool suppressed() const { return !silenced_by.empty() || !inhibited_by.empty(); }
  // "active" or "suppressed" ("unprocessed" never happens: alerts are routed on arrival).
  std::string_view state() const { return suppressed() ? "suppressed" : "active"; }
};

// What an alert's state is computed from; everything must outlive the builder.
struct AlertStateSources {
  const routes::RoutingTree& tree;
  const timeinterval::TimeMuteStage& time_mute;
  const inhibit::Inhibitor& inhibitor;
  const Silences& silences;
};

// Fills views for one request. What depends only on the route (time-interval muting) is
// computed once per route, not once per alert.
class AlertViewBuilder {
 public:
  AlertViewBuilder(const AlertStateSources& sources, Time now);

  // Overwrites `view` for `alert` (whose fingerprint is `fp`), keeping its buffers.
  void Fill(const Alert& alert, Fingerprint fp, AlertView* view);

 private:
  const std::vector<std::string>& TimeMutedBy(const routes::RouteNode* node);

  const AlertStateSources& sources_;
  const Time now_;
  // Node-based: views keep string_views into these strings.
  std::unordered_map<const routes::RouteNode*, std::vector<std::string>> muted_;
};

}  // namespace overlord
