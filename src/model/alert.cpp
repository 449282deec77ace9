#include "model/alert.h"

namespace overlord {
namespace {

// Open interval (begin, end), with Go's zero time ordering before every other time.
bool Inside(Time t, Time begin, Time end) { return t > begin && t < end; }

}  // namespace

Alert MergeAlerts(const Alert& stored, const Alert& incoming, Time now) {
  bool overlap = Inside(incoming.ends_at, stored.starts_at, stored.ends_at) ||
                 Inside(incoming.starts_at, stored.starts_at, stored.ends_at);
  if (!overlap) return incoming;

  // Fields come from the younger alert; the older one can only widen the interval.
  bool incoming_younger = !(stored.updated_at > incoming.updated_at);
  const Alert& younger = incoming_younger ? incoming : stored;
  const Alert& older = incoming_younger ? stored : incoming;

  Alert merged = younger;
  if (older.starts_at < merged.starts_at) merged.starts_at = older.starts_at;
  if (merged.Resolved(now)) {
    if (older.Resolved(now) && older.ends_at > merged.ends_at) merged.ends_at = older.ends_at;
  } else if (older.ends_at > merged.ends_at && !older.timeout) {
    merged.ends_at = older.ends_at;
  }
  return merged;
}

}  // namespace overlord
