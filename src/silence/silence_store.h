// SilenceStore: where Silences keeps its silences across restarts (spec 7.5). The registry
// calls it before changing its in-memory state, so an acknowledged change is on disk.
// Implemented over SQLite by store/sqlite_silence_store.h; tests may use an in-memory fake.
#pragma once

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
  // Removes the silences with these ids (unknown ids are ignored); durable when ok.
  virtual Status Delete(const std::vector<std::string>& ids) = 0;
  // Every stored silence, in any order.
  virtual Result<std::vector<Silence>> LoadAll() = 0;
};

}  // namespace overlord
