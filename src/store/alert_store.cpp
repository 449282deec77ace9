#include "store/alert_store.h"

#include <mutex>
#include <string>
#include <utility>

#include "store/alert_codec.h"

namespace overlord {
namespace {

// The fingerprint is a uint64; SQLite integers are int64. The bit pattern is kept.
std::int64_t ToKey(Fingerprint fp) { return static_cast<std::int64_t>(fp); }
Fingerprint FromKey(std::int64_t key) { return static_cast<Fingerprint>(key); }

Status WriteAlerts(Database& db, const std::vector<Fingerprint>& fps,
                   const std::vector<Alert>& alerts) {
  Result<Statement*> st = db.Cached(
      "INSERT INTO alerts(fingerprint, data) VALUES(?1, ?2) "
      "ON CONFLICT(fingerprint) DO UPDATE SET data = excluded.data");
  if (!st.ok()) return Error{st.error()};
  std::string buffer;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    buffer.clear();
    EncodeAlert(alerts[i], &buffer);
    (*st)->BindInt(1, ToKey(fps[i])).BindBlob(2, buffer);
    if (Status s = (*st)->Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Status DeleteAlerts(Database& db, const std::vector<Fingerprint>& fps) {
  Result<Statement*> st = db.Cached("DELETE FROM alerts WHERE fingerprint = ?1");
  if (!st.ok()) return Error{st.error()};
  for (Fingerprint fp : fps) {
    if (Status s = (*st)->BindInt(1, ToKey(fp)).Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<AlertStore>> AlertStore::Open(CommitWriter& writer) {
  auto store = std::make_unique<AlertStore>(writer);
  if (Status s = store->Load(); !s.ok()) return Error{"loading alerts: " + s.error()};
  return store;
}

Status AlertStore::Load() {
  Index loaded;
  LoadStats stats;
  // Runs on the writer thread (the only user of the connection); being a mutation it may
  // be retried, so it starts from scratch each time.
  Status s = writer_.Write([&](Database& db) -> Status {
    loaded.clear();
    stats = {};
    Result<std::int64_t> count = db.QueryInt("SELECT count(*) FROM alerts");
    if (!count.ok()) return Error{count.error()};
    loaded.reserve(static_cast<std::size_t>(*count));

    Result<Statement> st = db.Prepare("SELECT fingerprint, data FROM alerts");
    if (!st.ok()) return Error{st.error()};
    std::vector<Fingerprint> corrupt;
    for (;;) {
      Result<bool> row = st->Step();
      if (!row.ok()) return Error{row.error()};
      if (!*row) break;
      Fingerprint key = FromKey(st->ColumnInt(0));
      Result<Alert> alert = DecodeAlert(st->ColumnBlob(1));
      if (!alert.ok() || alert->fingerprint() != key) {
        corrupt.push_back(key);
        continue;
      }
      loaded.emplace(key, std::move(*alert));
    }
    stats.loaded = loaded.size();
    stats.dropped_corrupt = corrupt.size();
    return DeleteAlerts(db, corrupt);
  });
  if (!s.ok()) return s;
  std::unique_lock lock(mu_);
  alerts_ = std::move(loaded);
  load_stats_ = stats;
  return Status::Ok();
}

Result<std::vector<Alert>> AlertStore::Put(std::vector<Alert> incoming, Time now) {
  const std::size_t n = incoming.size();
  std::vector<Alert> results;
  if (n == 0) return results;
  std::vector<Fingerprint> fps;
  fps.reserve(n);
  for (const Alert& a : incoming) fps.push_back(a.fingerprint());  // hashing needs no lock
  std::vector<std::optional<Alert>> previous(n);  // for undo if the commit fails
  results.reserve(n);

  CommitWriter::Ticket ticket;
  {
    std::unique_lock lock(mu_);
    for (std::size_t i = 0; i < n; ++i) {
      auto [it, inserted] = alerts_.try_emplace(fps[i]);
      if (inserted) {
        it->second = std::move(incoming[i]);
      } else {
        Alert merged = MergeAlerts(it->second, incoming[i], now);
        previous[i] = std::move(it->second);
        it->second = std::move(merged);
      }
      results.push_back(it->second);
    }
    // Enqueued under the lock so rows reach disk in the order their merges happened. The
    // captures stay valid: we wait below before they go out of scope.
    ticket = writer_.Enqueue(
        [&fps, &results](Database& db) { return WriteAlerts(db, fps, results); });
  }
  Status s = writer_.Wait(ticket);
  if (s.ok()) return results;

  disk_errors_.fetch_add(1);
  {
    // Undo newest first so duplicates within `incoming` unwind in order.
    std::unique_lock lock(mu_);
    for (std::size_t i = n; i-- > 0;) {
      auto it = alerts_.find(fps[i]);
      if (it == alerts_.end() || !(it->second == results[i])) continue;  // changed since
      if (previous[i].has_value()) {
        it->second = std::move(*previous[i]);
      } else {
        alerts_.erase(it);
      }
    }
  }
  return Error{"storing alerts: " + s.error()};
}

std::optional<Alert> AlertStore::Get(Fingerprint fingerprint) const {
  std::shared_lock lock(mu_);
  auto it = alerts_.find(fingerprint);
  if (it == alerts_.end()) return std::nullopt;
  return it->second;
}

std::vector<Alert> AlertStore::All() const {
  std::shared_lock lock(mu_);
  std::vector<Alert> all;
  all.reserve(alerts_.size());
  for (const auto& [fp, alert] : alerts_) all.push_back(alert);
  return all;
}

void AlertStore::ForEach(const std::function<void(const Alert&)>& visit) const {
  std::shared_lock lock(mu_);
  for (const auto& [fp, alert] : alerts_) visit(alert);
}

std::vector<Fingerprint> AlertStore::GarbageCollect(Time now) {
  std::vector<Fingerprint> removed;
  CommitWriter::Ticket ticket;
  {
    std::unique_lock lock(mu_);
    for (auto it = alerts_.begin(); it != alerts_.end();) {
      if (it->second.Resolved(now)) {
        removed.push_back(it->first);
        it = alerts_.erase(it);
      } else {
        ++it;
      }
    }
    if (removed.empty()) return removed;
    // Under the lock, so a Put that re-creates one of these alerts lands after the delete.
    ticket = writer_.Enqueue([&removed](Database& db) { return DeleteAlerts(db, removed); });
  }
  if (!writer_.Wait(ticket).ok()) disk_errors_.fetch_add(1);
  return removed;
}

std::size_t AlertStore::size() const {
  std::shared_lock lock(mu_);
  return alerts_.size();
}

}  // namespace overlord
