// SqliteSilenceStore: silences in the `silences` table of overlord.db, written through the
// shared CommitWriter, so an acknowledged Set/Expire survives kill -9 and power loss (with
// the default full durability).
//
//   SqliteSilenceStore silence_store(storage->writer());
//   Silences silences(options, &silence_store);
//   Status s = silences.Load();
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "silence/silence_store.h"
#include "store/commit_writer.h"

namespace overlord {

class SqliteSilenceStore final : public SilenceStore {
 public:
  // `writer` must outlive this store.
  explicit SqliteSilenceStore(CommitWriter& writer) : writer_(writer) {}

  // All rows in one transaction, shared with whatever else the writer commits meanwhile.
  Status Save(const std::vector<Silence>& silences) override;
  PendingSave StartSave(std::vector<Silence> silences,
                        std::optional<std::uint64_t> unless_failed_since) override;
  std::uint64_t failure_count() const override;
  Status Delete(const std::vector<std::string>& ids) override;
  // Rows that cannot be decoded (malformed BLOBs, a regex that no longer compiles) are
  // skipped and counted in skipped().
  Result<std::vector<Silence>> LoadAll() override;

  std::uint64_t skipped() const { return skipped_.load(); }

 private:
  CommitWriter& writer_;
  std::atomic<std::uint64_t> skipped_{0};
};

// The BLOB encodings (exposed for tests): a sequence of records, each a type byte (matchers
// only: 0 `=`, 1 `=~`, 2 `!=`, 3 `!~`) then two strings, each a little-endian uint32 length
// and its bytes.
std::string EncodeSilenceMatchers(const Matchers& matchers);
Result<Matchers> DecodeSilenceMatchers(std::string_view bytes);
std::string EncodeSilenceAnnotations(const LabelSet& annotations);
Result<LabelSet> DecodeSilenceAnnotations(std::string_view bytes);

}  // namespace overlord
