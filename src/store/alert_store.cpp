#include "store/alert_store.h"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "store/alert_codec.h"
#include "store/alert_content.h"

namespace overlord {

// One compaction step: rows with seq < truncate_before go; `alerts` (the live ones among
// their records) are re-appended under `records` first, as times records.
struct AlertStore::Compaction {
  std::vector<Alert> alerts;
  std::vector<AlertLogRecord> records;
  std::vector<AlertContentWrite> contents;  // for live alerts that had only a full record
  LogSeq truncate_before = 0;
};

namespace {

// Alerts decoded on the writer thread, on their way to Open's thread.
struct LoadedChunk {
  std::vector<Alert> alerts;
  std::vector<Fingerprint> fingerprints;
  std::vector<LogSeq> seqs;
  std::vector<ContentId> contents;
  std::size_t expected_total = 0;  // rows in the log, at least the live alerts (a reserve hint)
};

constexpr std::size_t kLoadChunk = 2048;

// A bounded queue of chunks from the writer thread to Open's thread, so decoding the next
// chunk overlaps with routing and indexing the previous one.
class LoadChannel {
 public:
  // Blocks while kMaxQueued chunks wait, bounding the memory in flight.
  void Push(LoadedChunk chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.push_back(std::move(chunk));
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // The next chunk; nullopt once closed and drained.
  std::optional<LoadedChunk> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return std::nullopt;
    LoadedChunk chunk = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return chunk;
  }

 private:
  static constexpr std::size_t kMaxQueued = 4;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<LoadedChunk> queue_;
  bool closed_ = false;
};

// Closes the channel when the load mutation finishes or is dropped unrun (writer stopping),
// so Open's thread never waits for chunks that will not come.
class CloseOnExit {
 public:
  explicit CloseOnExit(std::shared_ptr<LoadChannel> channel) : channel_(std::move(channel)) {}
  ~CloseOnExit() { channel_->Close(); }
  CloseOnExit(const CloseOnExit&) = delete;
  CloseOnExit& operator=(const CloseOnExit&) = delete;

 private:
  std::shared_ptr<LoadChannel> channel_;
};

// The load reads the whole log twice; a large page cache for that scope spares re-reading
// pages, then the connection goes back to its small steady-state cache (SQLite frees the
// pages beyond it), since live alerts are held decoded in memory anyway.
class ScopedCacheSize {
 public:
  ScopedCacheSize(Database& db, std::int64_t bytes)
      : db_(db), old_(db.QueryInt("PRAGMA cache_size")) {
    if (old_.ok()) (void)db_.Exec("PRAGMA cache_size=-" + std::to_string(bytes / 1024));
  }
  ~ScopedCacheSize() {
    if (old_.ok()) (void)db_.Exec("PRAGMA cache_size=" + std::to_string(*old_));
  }
  ScopedCacheSize(const ScopedCacheSize&) = delete;
  ScopedCacheSize& operator=(const ScopedCacheSize&) = delete;

 private:
  Database& db_;
  Result<std::int64_t> old_;
};

constexpr std::int64_t kLoadCacheBytes = 64 << 20;

// A re-sent alert nearly always repeats its labels and annotations byte for byte. Keeping
// the stored blocks then leaves the copies in aggregation groups sharing them (assigning
// the new alert there touches no other block), and frees the just-decoded ones while they
// are still in cache instead of the old ones later.
// Returns whether all three were kept: then `merged` has the content of `stored`'s
// alert_content row. Stored annotations are usually a template, which reads the labels it
// was made with, so they are kept only along with those.
bool KeepStoredBlocks(const Alert& stored, Alert* merged) {
  const bool labels = merged->labels == stored.labels;
  const bool annotations =
      labels && (merged->annotations == stored.annotations ||
                 (!merged->annotations.templated() &&
                  stored.annotations.Matches(merged->annotations.Expand(merged->labels),
                                             stored.labels)));
  const bool url = merged->generator_url == stored.generator_url;
  if (labels) merged->labels = stored.labels;
  if (annotations) merged->annotations = stored.annotations;
  if (url) merged->generator_url = stored.generator_url;
  return labels && annotations && url;
}

}  // namespace

Result<std::unique_ptr<AlertStore>> AlertStore::Open(CommitWriter& writer, Options options,
                                                     const LoadedFn& loaded) {
  auto store = std::make_unique<AlertStore>(writer, options);
  if (Status s = store->Load(loaded); !s.ok()) return Error{"loading alerts: " + s.error()};
  return store;
}

// On the writer thread: first every alert_content row is read, then one pass over the
// log, newest record first: the first record seen for a fingerprint that yields an alert
// (or is a tombstone) is its current state, every older one is skipped without decoding. A
// newest record that does not decode, names a content row that is missing or belongs to
// another alert, or sits in a row that cannot be read, leaves the fingerprint open, so the
// next older record decides, which is what replaying the log in order would give. Content
// rows no current state names are deleted.
Status AlertStore::Load(const LoadedFn& loaded) {
  std::deque<std::pair<LogSeq, Fingerprint>> log;
  std::deque<LogSeq> row_ends;
  std::size_t corrupt = 0;
  LogSeq last = 0;
  ContentId last_content = 0;
  auto channel = std::make_shared<LoadChannel>();
  auto closer = std::make_shared<CloseOnExit>(channel);
  bool ran = false;
  CommitWriter::Ticket ticket = writer_.Enqueue([&, closer](Database& db) -> Status {
    CloseOnExit done(channel);
    // Chunks already went out: a retry (after a failed group commit) cannot start over.
    if (ran) return Error{"alert log load cannot be retried"};
    ran = true;
    ScopedCacheSize load_cache(db, kLoadCacheBytes);
    // seq is the rowid: max - min + 1 bounds the row count cheaply, sparing rehashes.
    Result<std::int64_t> span =
        db.QueryInt("SELECT coalesce(max(seq) - min(seq) + 1, 0) FROM alert_log");
    if (!span.ok()) return Error{span.error()};
    const auto hint = static_cast<std::size_t>(std::min<std::int64_t>(*span, 1 << 24));
    SharedText recent_url;  // the last decoded alert's: neighbours often share it
    // Content rows not yet claimed by a record, as read: they are decoded in the log pass,
    // which overlaps with the caller routing the chunks already sent.
    std::unordered_map<ContentId, std::string> contents;
    contents.reserve(hint);
    std::vector<ContentId> unused;  // rows to delete
    Status s = ScanAlertContent(db, [&](ContentId id, std::string_view data) {
      last_content = std::max(last_content, id);
      contents.try_emplace(id, data);
    });
    if (!s.ok()) return s;
    // The alert a record stands for; an error leaves the fingerprint open.
    auto alert_of = [&](const AlertLogEntry& e) -> Result<Alert> {
      if (e.data.has_value()) return DecodeAlert(*e.data, recent_url);
      auto it = contents.find(e.times->content);
      if (it == contents.end()) return Error{"no content row"};
      Result<Alert> alert = DecodeAlert(it->second, recent_url);
      if (!alert.ok()) {
        unused.push_back(it->first);
        contents.erase(it);
        return alert;
      }
      // Another alert's row (the caller's check) stays, in case its own record claims it.
      if (alert->fingerprint() != e.fingerprint) return alert;
      contents.erase(it);
      e.times->times.ApplyTo(&*alert);
      return alert;
    };
    std::unordered_set<Fingerprint> decided;
    decided.reserve(hint);
    LoadedChunk chunk;
    s = ScanAlertLogNewestFirst(db, [&](const AlertLogEntry& e) {
      const LogSeq seq = e.seq;
      const Fingerprint fp = e.fingerprint;
      // Every record stays in `log`, even a corrupt one, and an unreadable row as one
      // placeholder record, so compaction eventually drops their rows.
      log.emplace_front(seq, fp);
      if (e.row_end) row_ends.push_front(seq);
      last = std::max(last, seq);
      if (e.unreadable) {
        ++corrupt;
        return;
      }
      if (e.times.has_value()) last_content = std::max(last_content, e.times->content);
      if (!decided.insert(fp).second) return;                     // superseded
      if (!e.data.has_value() && !e.times.has_value()) return;    // tombstone
      Result<Alert> alert = alert_of(e);
      if (!alert.ok() || alert->fingerprint() != fp) {
        ++corrupt;
        decided.erase(fp);  // an older row may still hold a good state
        return;
      }
      recent_url = alert->generator_url;
      alert->annotations = Held(*alert);
      chunk.alerts.push_back(std::move(*alert));
      chunk.fingerprints.push_back(fp);
      chunk.seqs.push_back(seq);
      chunk.contents.push_back(e.times.has_value() ? e.times->content : 0);
      if (chunk.alerts.size() < kLoadChunk) return;
      chunk.expected_total = hint;
      channel->Push(std::move(chunk));
      chunk = LoadedChunk{};
    });
    if (!s.ok()) return s;
    chunk.expected_total = hint;
    if (!chunk.alerts.empty()) channel->Push(std::move(chunk));
    for (const auto& [id, alert] : contents) unused.push_back(id);
    return DeleteAlertContent(db, unused);
  });
  closer.reset();  // the mutation holds the only other reference

  std::unordered_map<Fingerprint, Entry> alerts;
  alerts.max_load_factor(kMaxLoadFactor);
  while (std::optional<LoadedChunk> chunk = channel->Pop()) {
    if (alerts.empty()) alerts.reserve(chunk->expected_total);
    if (loaded) loaded(chunk->alerts);
    for (std::size_t i = 0; i < chunk->alerts.size(); ++i) {
      alerts.try_emplace(chunk->fingerprints[i],
                         Entry{std::move(chunk->alerts[i]), chunk->seqs[i], chunk->contents[i]});
    }
  }
  if (Status s = writer_.Wait(ticket); !s.ok()) return s;
  std::unique_lock lock(mu_);
  alerts_ = std::move(alerts);
  log_ = std::move(log);
  row_ends_ = std::move(row_ends);
  next_seq_ = last + 1;
  next_content_ = last_content + 1;
  stats_.loaded = alerts_.size();
  stats_.dropped_corrupt = corrupt;
  return Status::Ok();
}

Result<std::vector<Alert>> AlertStore::Put(std::vector<Alert> incoming, Time now) {
  return Put(std::move(incoming), now, nullptr);
}

Result<std::vector<Alert>> AlertStore::Put(std::vector<Alert> incoming, Time now,
                                           const MergedFn& merged) {
  const std::size_t n = incoming.size();
  std::vector<Alert> results;
  if (n == 0) return results;
  std::vector<Fingerprint> fps;
  fps.reserve(n);
  for (const Alert& a : incoming) fps.push_back(a.fingerprint());  // hashing needs no lock
  struct Previous {
    Alert alert;
    ContentId content;
  };
  std::vector<std::optional<Previous>> previous(n);  // for undo if the commit fails
  results.reserve(n);  // records point into it: no reallocation from here on
  std::vector<AlertLogRecord> records;
  records.reserve(n);
  std::vector<AlertContentWrite> contents;

  CommitWriter::Ticket ticket;
  std::optional<CommitWriter::Ticket> compaction;
  {
    std::unique_lock lock(mu_);
    // Every lookup first, in a loop of nothing else: they are independent, so the CPU overlaps
    // their cache misses, which the merge loop below would take one at a time (profiled: the
    // chain walk was 5% of ingest CPU). Pointers to elements survive the inserts below.
    std::vector<Entry*> found(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      if (auto it = alerts_.find(fps[i]); it != alerts_.end()) found[i] = &it->second;
    }
    for (std::size_t i = 0; i < n; ++i) {
      LogSeq seq = next_seq_++;
      bool inserted = false;
      if (found[i] == nullptr) {
        // New, or a repeat within `incoming` of one inserted a moment ago.
        auto emplaced = alerts_.try_emplace(fps[i]);
        found[i] = &emplaced.first->second;
        inserted = emplaced.second;
      }
      Entry& e = *found[i];
      bool same_content = false;
      if (inserted) {
        e.alert = std::move(incoming[i]);
      } else {
        Alert merged = MergeAlerts(e.alert, incoming[i], now);
        same_content = KeepStoredBlocks(e.alert, &merged);
        previous[i] = Previous{std::move(e.alert), e.content};
        e.alert = std::move(merged);
      }
      if (!same_content) e.alert.annotations = Held(e.alert);
      e.seq = seq;
      log_.emplace_back(seq, fps[i]);
      ++appended_since_compaction_;
      results.push_back(e.alert);
      if (!same_content || e.content == 0) {
        const ContentId replaced = e.content;
        e.content = next_content_++;
        contents.push_back({e.content, &results.back(), replaced});
      }
      records.push_back({seq, fps[i], &results.back(), e.content});
    }
    row_ends_.push_back(records.back().seq);
    // Enqueued under the lock so rows are appended in the order their merges happened.
    // `records` and `contents` stay valid: we wait below before they go out of scope.
    auto write = [this, &records, &contents](Database& db) -> Status {
      // After a failed write a content row these records name may be missing (a failed
      // Put's, say), so they carry whole alerts instead. Checked here, when every earlier
      // write has run, not at merge time. The content ids handed out stay unwritten; only
      // compaction would rely on them, and it has stopped.
      if (!NoWriteFailed()) {
        std::vector<AlertLogRecord> full = records;
        for (AlertLogRecord& r : full) r.content = 0;
        return AppendAlertLog(db, full);
      }
      if (Status s = WriteAlertContent(db, contents); !s.ok()) return s;
      return AppendAlertLog(db, records);
    };
    // A small Put commits on this thread when the writer is idle: the two thread switches of
    // a hand-off cost more than the work (`merged`) it would overlap with the commit.
    // Measured on one connection: -22% CPU per alert at 10 alerts per POST, no difference
    // at 50, and -14% throughput at 100.
    ticket = writer_.Enqueue(std::move(write), n <= kCommitHereMaxAlerts
                                                   ? CommitWriter::Starter::kWaiter
                                                   : CommitWriter::Starter::kThread);
    compaction = MaybeCompact();
    if (merged) merged(results);  // under load, overlaps the caller's work with a commit
  }
  Status s = writer_.Wait(ticket);
  if (compaction.has_value()) FinishCompaction(*compaction);
  if (s.ok()) return results;

  disk_errors_.fetch_add(1);
  {
    // Undo newest first so duplicates within `incoming` unwind in order. The seqs are left
    // pointing at unwritten rows: harmless, since compaction is now off (NoWriteFailed).
    std::unique_lock lock(mu_);
    for (std::size_t i = n; i-- > 0;) {
      auto it = alerts_.find(fps[i]);
      if (it == alerts_.end() || !(it->second.alert == results[i])) continue;  // changed since
      if (previous[i].has_value()) {
        it->second.alert = std::move(previous[i]->alert);
        it->second.content = previous[i]->content;
      } else {
        alerts_.erase(it);
      }
    }
  }
  return Error{"storing alerts: " + s.error()};
}

AnnotationSet AlertStore::Held(const Alert& alert) {
  return templates_.Share(AnnotationSet::Template(alert.annotations, alert.labels));
}

std::optional<CommitWriter::Ticket> AlertStore::MaybeCompact() {
  if (compacting_ || log_.size() <= 2 * alerts_.size() + options_.compaction_slack ||
      !NoWriteFailed()) {
    return std::nullopt;
  }
  auto step = std::make_shared<Compaction>();
  // Bounded so one step never becomes a long transaction that stalls every Put behind it.
  std::size_t take = std::min({std::max(options_.compaction_chunk, 4 * appended_since_compaction_),
                               4 * options_.compaction_chunk, log_.size()});
  appended_since_compaction_ = 0;
  // Whole rows only, since rows are deleted whole: the in-memory log then matches the disk
  // record for record, and no record of a half-taken row lingers on disk unaccounted for.
  // So a step may take up to a row more.
  std::size_t taken = 0;
  struct Fresh {
    LogSeq seq;
    Fingerprint fp;
    ContentId content;
    bool new_content;
  };
  std::vector<Fresh> fresh;
  while (taken < take && !row_ends_.empty()) {
    const LogSeq row_end = row_ends_.front();
    row_ends_.pop_front();
    for (; !log_.empty() && log_.front().first <= row_end; ++taken) {
      auto [seq, fp] = log_.front();
      log_.pop_front();
      auto it = alerts_.find(fp);
      if (it == alerts_.end() || it->second.seq != seq) continue;  // obsolete or tombstone
      // Live: its current state is re-appended, so dropping the old record loses nothing.
      // The in-memory state may include Puts still in flight; that is safe because this
      // step runs only if all of them commit (see the check in the mutation).
      LogSeq fresh_seq = next_seq_++;
      Entry& e = it->second;
      e.seq = fresh_seq;
      // A full record (from before schema 5) is going: its content gets a row of its own.
      const bool new_content = e.content == 0;
      if (new_content) e.content = next_content_++;
      log_.emplace_back(fresh_seq, fp);
      fresh.push_back({fresh_seq, fp, e.content, new_content});
      step->alerts.push_back(e.alert);
    }
    step->truncate_before = row_end + 1;
  }
  // Records point into `alerts`, complete from here on.
  step->records.reserve(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    const Alert* alert = &step->alerts[i];
    step->records.push_back({fresh[i].seq, fresh[i].fp, alert, fresh[i].content});
    if (fresh[i].new_content) step->contents.push_back({fresh[i].content, alert, 0});
  }
  if (!step->records.empty()) row_ends_.push_back(step->records.back().seq);
  compacting_ = true;
  // Waited for by FinishCompaction, so `this` outlives it.
  return writer_.Enqueue([this, step](Database& db) -> Status {
    // Earlier mutations run first, in order; a failure among them means some row this step
    // considers obsolete may be the newest one on disk.
    if (!NoWriteFailed()) {
      return Error{"alert log compaction skipped after an earlier write failure"};
    }
    if (Status s = WriteAlertContent(db, step->contents); !s.ok()) return s;
    if (Status s = AppendAlertLog(db, step->records); !s.ok()) return s;
    return TruncateAlertLog(db, step->truncate_before);
  });
}

void AlertStore::FinishCompaction(CommitWriter::Ticket ticket) {
  Status s = writer_.Wait(ticket);
  std::unique_lock lock(mu_);
  compacting_ = false;
  if (s.ok()) {
    stats_.compactions++;
  } else {
    disk_errors_.fetch_add(1);  // and failure_count() moved: no further compaction
  }
}

std::optional<Alert> AlertStore::Get(Fingerprint fingerprint) const {
  std::shared_lock lock(mu_);
  auto it = alerts_.find(fingerprint);
  if (it == alerts_.end()) return std::nullopt;
  return it->second.alert;
}

std::vector<Alert> AlertStore::CopyAllLocked() const {
  std::vector<Alert> all;
  all.reserve(alerts_.size());
  for (const auto& [fp, entry] : alerts_) all.push_back(entry.alert);
  return all;
}

std::vector<Alert> AlertStore::All() const {
  std::shared_lock lock(mu_);
  return CopyAllLocked();
}

void AlertStore::WithAll(const std::function<void(const std::vector<Alert>&)>& use) const {
  std::shared_lock lock(mu_);
  use(CopyAllLocked());
}

void AlertStore::ForEach(const std::function<void(Fingerprint, const Alert&)>& visit) const {
  std::shared_lock lock(mu_);
  for (const auto& [fp, entry] : alerts_) visit(fp, entry.alert);
}

void AlertStore::ForEachInOrder(std::size_t shards, const ShardVisitFn& visit) const {
  std::shared_lock lock(mu_);  // held until every shard is done
  std::vector<std::pair<Fingerprint, const Alert*>> order;
  order.reserve(alerts_.size());
  for (const auto& [fp, entry] : alerts_) order.emplace_back(fp, &entry.alert);
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  shards = std::clamp<std::size_t>(order.size() / kMinAlertsPerShard, 1,
                                   std::max<std::size_t>(shards, 1));
  auto visit_shard = [&](std::size_t shard) {
    const std::size_t begin = order.size() * shard / shards;
    const std::size_t end = order.size() * (shard + 1) / shards;
    // The alerts lie scattered over the heap, each with its label block elsewhere: ask for
    // both a few visits ahead, so the loads overlap the work instead of stalling it.
    constexpr std::size_t kAlertsAhead = 8, kLabelsAhead = 4;
    for (std::size_t i = begin; i < end; ++i) {
      if (i + kAlertsAhead < end) __builtin_prefetch(order[i + kAlertsAhead].second);
      if (i + kLabelsAhead < end) order[i + kLabelsAhead].second->labels.Prefetch();
      visit(shard, order[i].first, *order[i].second);
    }
  };
  // std::async's futures wait in their destructors, so no helper outlives `order` or the
  // lock even if the caller's shard throws; get() passes a helper's exception on. A shard
  // whose thread cannot be started (out of threads) runs on the caller's after its own.
  std::vector<std::future<void>> helpers;
  std::vector<std::size_t> on_caller = {0};
  for (std::size_t shard = 1; shard < shards; ++shard) {
    try {
      helpers.push_back(std::async(std::launch::async, visit_shard, shard));
    } catch (const std::system_error&) {
      on_caller.push_back(shard);
    }
  }
  for (std::size_t shard : on_caller) visit_shard(shard);
  for (std::future<void>& h : helpers) h.get();
}

std::vector<Fingerprint> AlertStore::GarbageCollect(Time now) {
  std::vector<Fingerprint> removed;
  std::vector<AlertLogRecord> tombstones;
  std::vector<ContentId> contents;  // the removed alerts' rows
  CommitWriter::Ticket ticket;
  std::optional<CommitWriter::Ticket> compaction;
  {
    std::unique_lock lock(mu_);
    for (auto it = alerts_.begin(); it != alerts_.end();) {
      if (it->second.alert.Resolved(now)) {
        removed.push_back(it->first);
        if (it->second.content != 0) contents.push_back(it->second.content);
        it = alerts_.erase(it);
      } else {
        ++it;
      }
    }
    if (removed.empty()) return removed;
    tombstones.reserve(removed.size());
    for (Fingerprint fp : removed) {
      LogSeq seq = next_seq_++;
      log_.emplace_back(seq, fp);
      ++appended_since_compaction_;
      tombstones.push_back({seq, fp, nullptr});
    }
    row_ends_.push_back(tombstones.back().seq);
    // Under the lock, so a Put that re-creates one of these alerts lands after its tombstone.
    ticket = writer_.Enqueue([&tombstones, &contents](Database& db) -> Status {
      if (Status s = AppendAlertLog(db, tombstones); !s.ok()) return s;
      return DeleteAlertContent(db, contents);
    });
    compaction = MaybeCompact();
  }
  if (!writer_.Wait(ticket).ok()) disk_errors_.fetch_add(1);
  if (compaction.has_value()) FinishCompaction(*compaction);
  return removed;
}

std::size_t AlertStore::size() const {
  std::shared_lock lock(mu_);
  return alerts_.size();
}

AlertStore::Stats AlertStore::stats() const {
  std::shared_lock lock(mu_);
  Stats s = stats_;
  s.log_records = log_.size();
  s.disk_errors = disk_errors_.load();
  s.compaction_enabled = NoWriteFailed();
  return s;
}

}  // namespace overlord
