#include "receivers/notification.h"

#include <algorithm>

namespace overlord {

namespace {

// Keeps the pairs of `first` whose value every later set repeats. A name missing from a
// later set reads as "" there, as in Alertmanager, so an empty value survives a gap.
template <class Project>
LabelSet Common(const std::vector<Alert>& alerts, Project project) {
  if (alerts.empty()) return {};
  LabelSet common = project(alerts.front());
  for (std::size_t i = 1; i < alerts.size() && !common.empty(); ++i) {
    const LabelSet& other = project(alerts[i]);
    std::vector<std::string> drop;
    for (const Label& label : common) {
      if (other.Get(label.name) != label.value) drop.emplace_back(label.name);
    }
    for (const std::string& name : drop) common.Erase(name);
  }
  return common;
}

}  // namespace

bool Notification::AnyFiring() const {
  return std::any_of(alerts.begin(), alerts.end(),
                     [this](const Alert& a) { return !a.Resolved(now); });
}

LabelSet Notification::CommonLabels() const {
  return Common(alerts, [](const Alert& a) -> const LabelSet& { return a.labels; });
}

LabelSet Notification::CommonAnnotations() const {
  return Common(alerts, [](const Alert& a) { return a.annotations.Expand(a.labels); });
}

}  // namespace overlord
