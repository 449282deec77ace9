// Logger: structured log lines in logfmt or JSON, like Alertmanager's --log.format.
//
//   logger.Info("Notify success", {{"receiver", "team"}, {"attempts", "1"}});
//   ts=2024-01-02T03:04:05.123Z level=info msg="Notify success" receiver=team attempts=1
//
// Thread-safe; one instance per process, passed by reference.
#pragma once

#include <initializer_list>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/clock.h"
#include "model/result.h"

namespace overlord {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kLogfmt, kJson };

Result<LogLevel> ParseLogLevel(std::string_view text);
Result<LogFormat> ParseLogFormat(std::string_view text);

using LogFields = std::vector<std::pair<std::string, std::string>>;

class Logger {
 public:
  Logger(LogLevel level, LogFormat format, std::ostream& out, const Clock& clock)
      : level_(level), format_(format), out_(out), clock_(clock) {}

  void Log(LogLevel level, std::string_view message, const LogFields& fields = {});
  void Debug(std::string_view m, const LogFields& f = {}) { Log(LogLevel::kDebug, m, f); }
  void Info(std::string_view m, const LogFields& f = {}) { Log(LogLevel::kInfo, m, f); }
  void Warn(std::string_view m, const LogFields& f = {}) { Log(LogLevel::kWarn, m, f); }
  void Error(std::string_view m, const LogFields& f = {}) { Log(LogLevel::kError, m, f); }
  bool Enabled(LogLevel level) const { return level >= level_; }

 private:
  LogLevel level_;
  LogFormat format_;
  std::ostream& out_;
  const Clock& clock_;
  std::mutex mu_;
};

}  // namespace overlord
