#include "store/directory_lock.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "store/storage.h"
#include "store/test_util.h"

namespace overlord {
namespace {

using testing::TempDir;

TEST_CASE("DirectoryLock: one owner at a time, named in the refusal, free again once released") {
  TempDir dir;
  std::optional<DirectoryLock> held;
  {
    Result<DirectoryLock> first = DirectoryLock::Acquire(dir.path());
    REQUIRE(first.ok());
    held.emplace(std::move(*first));  // a moved-from lock releases nothing
  }
  Result<DirectoryLock> second = DirectoryLock::Acquire(dir.path());
  REQUIRE(!second.ok());
  CHECK(second.error().find("storage directory " + dir.path() + " is in use") != std::string::npos);
  CHECK(second.error().find("(pid " + std::to_string(getpid()) + ")") != std::string::npos);

  held.reset();
  Result<DirectoryLock> third = DirectoryLock::Acquire(dir.path());
  CHECK(third.ok());
}

TEST_CASE("DirectoryLock fails with the reason when the directory cannot hold the file") {
  TempDir dir;
  Result<DirectoryLock> lock = DirectoryLock::Acquire(dir.File("missing"));
  REQUIRE(!lock.ok());
  CHECK(lock.error().find("cannot open " + dir.File("missing/lock")) != std::string::npos);
}

TEST_CASE("Storage refuses a directory another Storage holds, and takes it once that closes") {
  TempDir dir;
  auto first = Storage::Open(dir.path(), {});
  REQUIRE(first.ok());
  auto second = Storage::Open(dir.path(), {});
  REQUIRE(!second.ok());
  CHECK(second.error().find("is in use by another process") != std::string::npos);
  first->reset();
  CHECK(Storage::Open(dir.path(), {}).ok());
}

}  // namespace
}  // namespace overlord
