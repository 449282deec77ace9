#include "api/serialized_alerts.h"

#include <algorithm>

#include "api/alert_codec.h"

namespace overlord::api {

void SerializedAlerts::Add(const AlertView& view) {
  if (chunks_.empty() || chunks_.back().size() >= kChunkBytes) {
    chunks_.emplace_back().reserve(kChunkBytes + kChunkBytes / 8);
  }
  std::string& chunk = chunks_.back();
  const std::size_t start = chunk.size();
  AppendGettableAlert(chunk, view, scratch_);
  pieces_.push_back(Piece{view.fingerprint, static_cast<std::uint32_t>(chunks_.size() - 1),
                          static_cast<std::uint32_t>(start), chunk.size() - start});
}

SerializedAlerts SerializedAlerts::Concat(std::vector<SerializedAlerts> parts) {
  if (parts.size() == 1) return std::move(parts.front());
  SerializedAlerts all;
  for (SerializedAlerts& part : parts) {
    const auto first_chunk = static_cast<std::uint32_t>(all.chunks_.size());
    for (std::string& chunk : part.chunks_) all.chunks_.push_back(std::move(chunk));
    for (Piece p : part.pieces_) {
      p.chunk += first_chunk;
      all.pieces_.push_back(p);
    }
  }
  return all;
}

void SerializedAlerts::Sort() {
  auto by_fingerprint = [](const Piece& a, const Piece& b) { return a.fp < b.fp; };
  if (std::is_sorted(pieces_.begin(), pieces_.end(), by_fingerprint)) return;  // the router's order
  std::sort(pieces_.begin(), pieces_.end(), by_fingerprint);
}

std::string_view SerializedAlerts::At(std::size_t i) const {
  const Piece& p = pieces_[i];
  return std::string_view(chunks_[p.chunk]).substr(p.offset, p.size);
}

std::string_view SerializedAlerts::Find(Fingerprint fp) const {
  auto it = std::lower_bound(pieces_.begin(), pieces_.end(), fp,
                             [](const Piece& p, Fingerprint f) { return p.fp < f; });
  if (it == pieces_.end() || it->fp != fp) return {};
  return At(static_cast<std::size_t>(it - pieces_.begin()));
}

}  // namespace overlord::api
