// Alert: one alert as stored, with the status and merge rules of Alertmanager (spec 1.3, 1.4).
#pragma once

#include <string>

#include "model/annotation_set.h"
#include "model/fingerprint.h"
#include "model/labels.h"
#include "model/shared_text.h"
#include "model/time.h"

namespace overlord {

struct Alert {
  LabelSet labels;
  AnnotationSet annotations;  // possibly a template over `labels`: read with Expand
  Time starts_at = kZeroTime;
  Time ends_at = kZeroTime;
  Time updated_at = kZeroTime;
  SharedText generator_url;
  bool timeout = false;  // ends_at was synthesised from resolve_timeout

  Fingerprint fingerprint() const { return FingerprintOf(labels); }
  // Resolved iff ends_at is set and not after `now`.
  bool Resolved(Time now) const { return !IsZero(ends_at) && ends_at <= now; }

  friend bool operator==(const Alert&, const Alert&) = default;
};

// The stored alert after `incoming` arrives for the same fingerprint: a merge when their
// intervals overlap, else `incoming` replaces `stored` (spec 1.4).
Alert MergeAlerts(const Alert& stored, const Alert& incoming, Time now);

}  // namespace overlord
