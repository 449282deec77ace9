#include "template/data.h"

namespace overlord::tmpl {

Value MakeKV(const LabelSet& labels) {
  ValueMap m;
  for (const Label& l : labels) m.emplace(l.name, Value(l.value));
  return Value::MakeMap(std::move(m), GoType::kKV);
}

Value MakeTime(Time t) { return Value(GoTime{t, 0, "UTC"}); }

Value MakeAlert(const TemplateAlert& a) {
  return Value::MakeObject(GoType::kAlert, {
                                               {"Status", Value(a.status)},
                                               {"Labels", MakeKV(a.labels)},
                                               {"Annotations", MakeKV(a.annotations)},
                                               {"StartsAt", MakeTime(a.starts_at)},
                                               {"EndsAt", MakeTime(a.ends_at)},
                                               {"GeneratorURL", Value(a.generator_url)},
                                               {"Fingerprint", Value(a.fingerprint)},
                                           });
}

Value MakeData(const TemplateData& d) {
  ValueList alerts;
  alerts.reserve(d.alerts.size());
  for (const auto& a : d.alerts) alerts.push_back(MakeAlert(a));
  return Value::MakeObject(GoType::kData,
                           {
                               {"Receiver", Value(d.receiver)},
                               {"Status", Value(d.status)},
                               {"Alerts", Value::MakeList(std::move(alerts), GoType::kAlerts)},
                               {"GroupLabels", MakeKV(d.group_labels)},
                               {"CommonLabels", MakeKV(d.common_labels)},
                               {"CommonAnnotations", MakeKV(d.common_annotations)},
                               {"ExternalURL", Value(d.external_url)},
                           });
}

}  // namespace overlord::tmpl
