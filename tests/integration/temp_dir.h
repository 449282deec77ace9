// TempDir: a fresh directory under $TMPDIR (or /tmp) removed with its contents on
// destruction, unless OVERLORD_IT_KEEP is set in the environment (for post-mortems).
#pragma once

#include <string>
#include <string_view>

namespace overlord::it {

class TempDir {
 public:
  // `prefix` names the directory ("overlord-it-<prefix>-XXXXXX"). Throws std::runtime_error
  // if it cannot be created: without a directory no test can run.
  explicit TempDir(std::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string File(std::string_view name) const;

 private:
  std::string path_;
};

// Writes `content` to `path` (truncating). Throws std::runtime_error on failure.
void WriteFile(const std::string& path, std::string_view content);
// Whole file; empty string if it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace overlord::it
