// SerializedAlerts: the gettableAlert JSON of many alerts, written in the order the store
// visits them (under its lock, so nothing else is copied) and read back in fingerprint
// order, which both GET /alerts and /alerts/groups need. Shards written on several threads
// are joined with Concat.
//
//   std::vector<SerializedAlerts> shards(n);
//   router.VisitAlerts(n, [&](std::size_t shard, const AlertView& v) { shards[shard].Add(v); });
//   SerializedAlerts alerts = SerializedAlerts::Concat(std::move(shards));
//   alerts.Sort();
//   for (std::size_t i = 0; i < alerts.size(); ++i) body += alerts.At(i);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/alert_views.h"

namespace overlord::api {

class SerializedAlerts {
 public:
  void Add(const AlertView& view);
  // The alerts of every part, in order, without copying their JSON.
  static SerializedAlerts Concat(std::vector<SerializedAlerts> parts);
  // Orders by fingerprint (nothing to do when added in that order, as VisitAlerts visits).
  // Call once, after the last Add and before At/Find.
  void Sort();

  std::size_t size() const { return pieces_.size(); }
  // The i-th alert's JSON in fingerprint order.
  std::string_view At(std::size_t i) const;
  // The JSON of the alert with fingerprint `fp`; empty when it was not added.
  std::string_view Find(Fingerprint fp) const;

 private:
  static constexpr std::size_t kChunkBytes = 1 << 20;
  struct Piece {
    Fingerprint fp;
    std::uint32_t chunk;
    std::uint32_t offset;
    std::size_t size;
  };

  std::vector<std::string> chunks_;  // a piece never spans two chunks
  std::vector<Piece> pieces_;
  std::string scratch_;  // AppendGettableAlert's
};

}  // namespace overlord::api
