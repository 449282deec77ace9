// Helpers shared by the store tests (header-only: not part of the ov_store library).
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "model/alert.h"
#include "model/time.h"

namespace overlord::testing {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ov_store_XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// "T<n>". (Built with += because `"T" + std::to_string(n)` trips a GCC 12 -Wrestrict
// false positive in optimised builds.)
inline std::string ThreadName(int n) {
  std::string name = "T";
  name += std::to_string(n);
  return name;
}

inline Time T(std::int64_t unix_seconds) { return FromUnixSeconds(unix_seconds); }

// A firing alert {alertname=<name>, n=<n>} starting at `start`, ending at `end`.
inline Alert MakeAlert(const std::string& name, std::int64_t n, Time start, Time end = kZeroTime) {
  Alert a;
  a.labels.Set("alertname", name);
  a.labels.Set("n", std::to_string(n));
  a.annotations = {{"summary", "alert number " + std::to_string(n)}};
  a.starts_at = start;
  a.ends_at = end;
  a.updated_at = start;
  a.generator_url = "http://prometheus:9090/graph?g0.expr=up";
  return a;
}

}  // namespace overlord::testing
