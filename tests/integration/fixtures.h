// Values shared by the integration tests: how alerts are written, RFC 3339 times, and the
// timing tolerances. Times are formatted here, independently of the server's code, so the
// tests check the server against the spec rather than against itself.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace overlord::it {

using SysTime = std::chrono::system_clock::time_point;
using Ms = std::chrono::milliseconds;

// Slack for "when did it arrive" assertions on a loaded 2-core machine.
inline constexpr Ms kSlack{400};

// Go's RFC3339Nano: "2024-01-02T03:04:05.123456789Z" with trailing fraction zeros trimmed
// ("...05.12Z", "...05Z"). `offset_minutes` != 0 prints local time at that offset
// ("...+02:00").
std::string Rfc3339(SysTime t, int offset_minutes = 0);
// Same instant truncated to milliseconds, always with 3 digits: the API v2 output form.
std::string Rfc3339Millis(SysTime t);

// A postable alert: {"labels":..., "annotations":..., "startsAt":..., "endsAt":...};
// absent times are left out.
nlohmann::json MakeAlert(const std::map<std::string, std::string>& labels,
                         std::optional<SysTime> starts_at = std::nullopt,
                         std::optional<SysTime> ends_at = std::nullopt,
                         const std::map<std::string, std::string>& annotations = {});

// Replaces every "{{KEY}}" in `text` by its value (config templates in tests).
std::string Fill(std::string text, const std::map<std::string, std::string>& values);

// Milliseconds between two steady times, for messages.
inline long long MsBetween(std::chrono::steady_clock::time_point a,
                           std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<Ms>(b - a).count();
}

// Runs a shell command and captures its standard output (append " 2>&1" to the command to
// capture errors too). `status` is the exit code, -1 when it did not exit normally.
struct CommandResult {
  int status = -1;
  std::string out;
};
CommandResult RunCommand(const std::string& command);

}  // namespace overlord::it
