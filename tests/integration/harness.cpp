#include "harness.h"

#include <signal.h>
#include <sys/stat.h>

#include <sstream>
#include <thread>

namespace overlord::it {
namespace {

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// "http://h:1/am/" → "/am"; "http://h:1" or "http://h:1/" → "".
std::string PrefixOf(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::size_t slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return "";
  std::string p(url.substr(slash));
  while (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

}  // namespace

std::string OverlordBinary() { return OVERLORD_BINARY; }

OverlordServer::OverlordServer(std::string_view name, std::string config_yaml,
                               std::vector<std::string> extra_args)
    : dir_(name), extra_args_(std::move(extra_args)) {
  config_path_ = dir_.File("alertmanager.yml");
  data_dir_ = dir_.File("data");
  log_path_ = dir_.File("overlord.stderr.log");
  ::mkdir(data_dir_.c_str(), 0755);
  WriteConfig(config_yaml);
  ChoosePort(PickFreePort());
}

OverlordServer::~OverlordServer() { process_.Kill(); }

void OverlordServer::ChoosePort(int port) {
  port_ = port;
  static constexpr std::string_view kFlag = "--web.external-url=";
  args_.clear();
  external_url_.clear();
  for (const std::string& a : extra_args_) {
    args_.push_back(ReplaceAll(a, "{port}", std::to_string(port_)));
    if (args_.back().rfind(kFlag, 0) == 0) external_url_ = args_.back().substr(kFlag.size());
  }
  prefix_ = PrefixOf(external_url_);
}

void OverlordServer::WriteConfig(std::string_view yaml) { WriteFile(config_path_, yaml); }

Status OverlordServer::Spawn() {
  std::vector<std::string> argv = {OverlordBinary(),
                                   "--config.file=" + config_path_,
                                   "--storage.path=" + data_dir_,
                                   "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
  for (const std::string& a : args_) argv.push_back(a);
  std::ostringstream banner;
  banner << "=== test harness: starting";
  for (const std::string& a : argv) banner << ' ' << a;
  banner << " ===\n";
  WriteFile(log_path_, Log() + banner.str());
  return process_.Start(argv, log_path_);
}

Status OverlordServer::Start() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::size_t log_before = Log().size();
    if (Status s = Spawn(); !s.ok()) return s;
    Status ready = WaitReady();
    if (ready.ok()) {
      started_once_ = true;
      return ready;
    }
    process_.Kill();
    bool port_taken = Log().find("Listen failed", log_before) != std::string::npos;
    // Only the first start may move: a restart must keep its port (and external URL).
    if (!port_taken || started_once_) return ready;
    ChoosePort(PickFreePort());
  }
  return Error{"could not find a free port in 3 attempts\n" + LogTail()};
}

Status OverlordServer::WaitReady() {
  auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (process_.Exited()) {
      return Error{"overlord exited during start-up with code " +
                   std::to_string(process_.last_exit_code().value_or(-1)) + "\n" + LogTail()};
    }
    HttpResponse r = Get("/-/ready");
    if (r.status == 200) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return Error{"overlord not ready after " + std::to_string(kReadyTimeout.count()) + "s\n" +
               LogTail()};
}

std::optional<int> OverlordServer::Stop() {
  if (!process_.running()) return process_.last_exit_code();
  process_.Signal(SIGTERM);
  std::optional<int> code = process_.WaitForExit(kStopTimeout);
  if (!code) process_.Kill();
  return code;
}

void OverlordServer::Kill9() { process_.Kill(); }

HttpResponse OverlordServer::Get(const std::string& target) const {
  return HttpGet(port_, prefix_ + target);
}

HttpResponse OverlordServer::Post(const std::string& target, std::string_view body,
                                  const std::string& content_type) const {
  return HttpPost(port_, prefix_ + target, body, content_type);
}

HttpResponse OverlordServer::PostAlerts(const std::vector<nlohmann::json>& alerts) const {
  return Post("/api/v2/alerts", nlohmann::json(alerts).dump());
}

nlohmann::json OverlordServer::GetJson(const std::string& target) const {
  HttpResponse r = Get(target);
  if (r.status != 200) {
    return "<GET " + target + " -> " + std::to_string(r.status) + " " + r.error + ": " +
           r.body.substr(0, 500) + ">";
  }
  return r.Json();
}

std::optional<double> OverlordServer::Metric(std::string_view series) const {
  HttpResponse r = Get("/metrics");
  if (r.status != 200) return std::nullopt;
  std::istringstream in(r.body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      try {
        return std::stod(line.substr(series.size() + 1));
      } catch (...) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

std::string OverlordServer::LogTail(std::size_t max_bytes) const {
  std::string log = Log();
  if (log.size() > max_bytes) log = "...\n" + log.substr(log.size() - max_bytes);
  return "--- overlord stderr (" + log_path_ + ") ---\n" + log;
}

int OverlordServer::CountLogLines(const std::vector<std::string>& needles) const {
  std::istringstream in(Log());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    bool all = true;
    for (const std::string& s : needles) all = all && line.find(s) != std::string::npos;
    n += all ? 1 : 0;
  }
  return n;
}

bool OverlordServer::WaitForLog(const std::vector<std::string>& needles, int n,
                                std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (CountLogLines(needles) >= n) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace overlord::it
