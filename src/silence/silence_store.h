// SilenceStore: where Silences keeps its silences across restarts (spec 7.5). The registry
// calls it before changing its in-memory state, so an acknowledged change is on disk.
// Implemented over SQLite by store/sqlite_silence_store.h; tests may use an in-memory fake.
#pragma once

#include <functional>
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
  // once) blocks until it is durable. With `needs_earlier`, the write fails if any write
  // started before it fails: the caller decided it from their not yet durable state.
  // The default saves at once.
  using PendingSave = std::function<Status()>;
  virtual PendingSave StartSave(std::vector<Silence> silences, bool needs_earlier) {
    (void)needs_earlier;  // nothing is ever pending here
    Status s = Save(silences);
    return [s] { return s; };
  }
  // Removes the silences with these ids (unknown ids are ignored); durable when ok.
  virtual Status Delete(const std::vector<std::string>& ids) = 0;
  // Every stored silence, in any order.
  virtual Result<std::vector<Silence>> LoadAll() = 0;
};

}  // namespace overlord
