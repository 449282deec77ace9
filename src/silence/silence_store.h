// SilenceStore: where Silences keeps its silences across restarts (spec 7.5). The registry
// calls it before changing its in-memory state, so an acknowledged change is on disk.
// Implemented over SQLite by store/sqlite_silence_store.h; tests may use an in-memory fake.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/result.h"
#include "silence/silence.h"

namespace overlord {

class SilenceStore {
 public:
  virtual ~SilenceStore() = default;

  // Inserts or replaces (by id) every silence, all or nothing; durable when it returns ok.
  // Several at once because replacing a silence expires the old one and creates a new one.
  virtual Status Save(const std::vector<Silence>& silences) = 0;
  // Save in two steps, so concurrent callers can share one commit: the write is ordered
  // after every write started before it when this returns; calling the result (exactly
  // once) blocks until it is durable. With `unless_failed_since` (a failure_count() read
  // before the earliest write it builds on was started), the write fails if any write
  // failed since: the caller decided it from their not yet durable state. The default
  // saves at once.
  using PendingSave = std::function<Status()>;
  virtual PendingSave StartSave(std::vector<Silence> silences,
                                std::optional<std::uint64_t> unless_failed_since) {
    (void)unless_failed_since;  // nothing is ever pending here
    Status s = Save(silences);
    return [s] { return s; };
  }
  // How many writes have failed so far (it only grows); the baseline for StartSave.
  virtual std::uint64_t failure_count() const { return 0; }
  // Removes the silences with these ids (unknown ids are ignored); durable when ok.
  virtual Status Delete(const std::vector<std::string>& ids) = 0;
  // Every stored silence, in any order.
  virtual Result<std::vector<Silence>> LoadAll() = 0;
};

}  // namespace overlord
