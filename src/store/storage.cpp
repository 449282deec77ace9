#include "store/storage.h"

#include <filesystem>
#include <system_error>

#include "store/schema.h"

namespace overlord {

Result<std::unique_ptr<Storage>> Storage::Open(const std::string& directory,
                                               const DatabaseOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return Error{"cannot create storage directory " + directory + ": " + ec.message()};
  Result<DirectoryLock> lock = DirectoryLock::Acquire(directory);
  if (!lock.ok()) return Error{lock.error()};
  std::string path = (std::filesystem::path(directory) / kFileName).string();
  Result<std::unique_ptr<Database>> db = Database::Open(path, options);
  if (!db.ok()) return Error{db.error()};
  if (Status s = MigrateSchema(**db); !s.ok()) return Error{s.error()};
  return std::make_unique<Storage>(std::move(*lock), std::move(path), std::move(*db));
}

}  // namespace overlord
