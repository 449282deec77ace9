#include "log/logger.h"

#include <cstdio>

namespace overlord {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return true;
    }
  }
  return false;
}

void AppendQuoted(std::string& out, std::string_view v) {
  out += '"';
  for (char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void AppendLogfmt(std::string& out, std::string_view key, std::string_view value) {
  if (!out.empty()) out += ' ';
  out += key;
  out += '=';
  if (NeedsQuotes(value)) {
    AppendQuoted(out, value);
  } else {
    out += value;
  }
}

void AppendJsonField(std::string& out, std::string_view key, std::string_view value) {
  out += out.size() > 1 ? "," : "";
  AppendQuoted(out, key);
  out += ':';
  AppendQuoted(out, value);
}

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "info") return LogLevel::kInfo;
  if (text == "warn") return LogLevel::kWarn;
  if (text == "error") return LogLevel::kError;
  return Error{"unrecognized log level \"" + std::string(text) + "\" (want debug, info, warn or error)"};
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "logfmt") return LogFormat::kLogfmt;
  if (text == "json") return LogFormat::kJson;
  return Error{"unrecognized log format \"" + std::string(text) + "\" (want logfmt or json)"};
}

void Logger::Log(LogLevel level, std::string_view message, const LogFields& fields) {
  if (!Enabled(level)) return;
  std::string line;
  std::string ts = FormatRFC3339Millis(clock_.Now());
  if (format_ == LogFormat::kJson) {
    line = "{";
    AppendJsonField(line, "ts", ts);
    AppendJsonField(line, "level", LevelName(level));
    AppendJsonField(line, "msg", message);
    for (const auto& [k, v] : fields) AppendJsonField(line, k, v);
    line += "}";
  } else {
    AppendLogfmt(line, "ts", ts);
    AppendLogfmt(line, "level", LevelName(level));
    AppendLogfmt(line, "msg", message);
    for (const auto& [k, v] : fields) AppendLogfmt(line, k, v);
  }
  line += '\n';
  std::lock_guard lock(mu_);
  out_ << line << std::flush;
}

}  // namespace overlord
