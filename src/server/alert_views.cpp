#include "server/alert_views.h"

#include <algorithm>

namespace overlord {
namespace {

void AddUnique(std::vector<std::string_view>* out, std::string_view item) {
  if (std::find(out->begin(), out->end(), item) == out->end()) out->push_back(item);
}

}  // namespace

AlertViewBuilder::AlertViewBuilder(const AlertStateSources& sources, Time now)
    : sources_(sources), now_(now) {}

void AlertViewBuilder::Fill(const Alert& alert, Fingerprint fp, AlertView* v) {
  v->alert = &alert;
  v->fingerprint = fp;
  v->receivers.clear();
  v->muted_by.clear();
  for (const routes::RouteNode* node : sources_.tree.Match(alert.labels)) {
    AddUnique(&v->receivers, node->receiver());
    for (const std::string& name : TimeMutedBy(node)) AddUnique(&v->muted_by, name);
  }
  v->inhibited_by = sources_.inhibitor.InhibitedBy(alert, now_);
  v->silenced_by = sources_.silences.MutedBy(fp, alert.labels, now_);
}

const std::vector<std::string>& AlertViewBuilder::TimeMutedBy(const routes::RouteNode* node) {
  auto it = muted_.find(node);
  if (it == muted_.end()) it = muted_.emplace(node, sources_.time_mute.MutedBy(*node, now_)).first;
  return it->second;
}

}  // namespace overlord
