#include "fixtures.h"

#include <sys/wait.h>
#include <time.h>

#include <cstdio>

namespace overlord::it {

std::string Rfc3339(SysTime t, int offset_minutes) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  long long secs = ns / 1000000000;
  long long frac = ns % 1000000000;
  if (frac < 0) {
    frac += 1000000000;
    secs -= 1;
  }
  time_t local = static_cast<time_t>(secs + offset_minutes * 60LL);
  tm parts{};
  gmtime_r(&local, &parts);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", frac);
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  if (offset_minutes == 0) return out + "Z";
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return out + buf;
}

std::string Rfc3339Millis(SysTime t) {
  auto ms = std::chrono::duration_cast<Ms>(t.time_since_epoch()).count();
  time_t secs = static_cast<time_t>(ms / 1000);
  tm parts{};
  gmtime_r(&secs, &parts);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<long long>(ms % 1000));
  return buf;
}

nlohmann::json MakeAlert(const std::map<std::string, std::string>& labels,
                         std::optional<SysTime> starts_at, std::optional<SysTime> ends_at,
                         const std::map<std::string, std::string>& annotations) {
  nlohmann::json a = {{"labels", labels}};
  if (!annotations.empty()) a["annotations"] = annotations;
  if (starts_at) a["startsAt"] = Rfc3339(*starts_at);
  if (ends_at) a["endsAt"] = Rfc3339(*ends_at);
  return a;
}

std::string Fill(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    std::string needle = "{{" + key + "}}";
    for (std::size_t pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + value.size())) {
      text.replace(pos, needle.size(), value);
    }
  }
  return text;
}

CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace overlord::it
