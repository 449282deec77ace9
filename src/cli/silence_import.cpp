// `overlord silence import [file]`: re-creates silences from `silence query -o json` output.
#include <atomic>
#include <fstream>
#include <istream>
#include <mutex>
#include <ostream>
#include <thread>

#include "cli/alertmanager_api.h"
#include "cli/silence_commands.h"

namespace overlord::cli {
namespace {

constexpr std::size_t kMaxImportBytes = 64 << 20;
constexpr int kMaxWorkers = 64;

Result<std::string> ReadAll(std::istream& in, const std::string& name) {
  std::string text(kMaxImportBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxImportBytes) return Error{name + " is larger than 64 MiB"};
  return text;
}

// POSTs one silence keeping its ID (so a re-import updates in place); an ID the server does
// not know is retried as a new silence, as amtool does.
ApiResult<std::string> ImportOne(const AlertmanagerApi& api, ApiSilence silence) {
  ApiResult<std::string> r = api.PostSilence(silence);
  if (!r.ok() && r.error.status == 404 && !silence.id.empty()) {
    silence.id.clear();
    r = api.PostSilence(silence);
  }
  return r;
}

Status Import(const ParsedFlags& flags, const CliEnv& env) {
  if (flags.positionals.size() > 1) {
    return Error{"unexpected argument " + flags.positionals[1] + " (import reads one file)"};
  }
  int workers = 0;
  try {
    workers = std::stoi(flags.Get("worker"));
  } catch (const std::exception&) {
    workers = 0;
  }
  if (workers < 1) return Error{"--worker: expected a number of workers >= 1, got '" + flags.Get("worker") + "'"};
  workers = std::min(workers, kMaxWorkers);

  Result<std::string> input = Error{""};
  const std::string file = flags.positionals.empty() ? "-" : flags.positionals[0];
  if (file == "-") {
    input = ReadAll(env.in, "standard input");
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"open " + file + ": cannot read the file"};
    input = ReadAll(in, file);
  }
  if (!input.ok()) return Error{input.error()};
  Result<std::vector<ApiSilence>> silences = DecodeSilences(*input);
  if (!silences.ok()) {
    return Error{"couldn't unmarshal input data, is it JSON? (" + silences.error() + ")"};
  }

  Result<Session> session = OpenSession(flags, env);
  if (!session.ok()) return Error{session.error()};
  const AlertmanagerApi api(session->client);
  const bool force = flags.GetBool("force");
  std::atomic<std::size_t> next{0};
  std::atomic<int> failed{0};
  std::mutex output_mu;
  auto work = [&] {
    for (std::size_t i = next++; i < silences->size(); i = next++) {
      ApiSilence s = (*silences)[i];
      const std::string original_id = s.id;
      if (force) s.id.clear();
      ApiResult<std::string> r = ImportOne(api, std::move(s));
      std::lock_guard<std::mutex> lock(output_mu);
      if (r.ok()) {
        env.out << r.value << "\n";
      } else {
        ++failed;
        env.err << "Error adding silence id='" << original_id << "': " << r.error.message << "\n";
      }
    }
  };
  std::vector<std::thread> pool;
  const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(workers), silences->size());
  for (std::size_t i = 1; i < n; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (failed > 0) {
    return Error{"couldn't import " + std::to_string(failed.load()) + " out of " +
                 std::to_string(silences->size()) + " silences"};
  }
  return Status::Ok();
}

}  // namespace

Command SilenceImportCommand() {
  return Command{
      .name = "import",
      .args_usage = "[<input-file>]",
      .summary = "Import silences from JSON (file or stdin)",
      .description =
          "Import alertmanager silences from JSON file or stdin.\n\n"
          "This command can be used to bulk import silences from a JSON file created by the\n"
          "query command. For example:\n\n"
          "  overlord silence query -o json foo > foo.json\n"
          "  overlord silence import foo.json\n\n"
          "Each silence is posted with its ID (an unknown ID is retried as a new silence);\n"
          "the resulting IDs are printed.",
      .args_help = "  [<input-file>]  JSON file with silences (stdin when absent or -)\n",
      .flags = {{.name = "force", .short_name = 'f', .kind = FlagKind::kBool,
                 .default_value = "false",
                 .help = "Force adding new silences even if it already exists"},
                {.name = "worker", .short_name = 'w', .default_value = "8",
                 .help = "Number of concurrent workers to use for import"}},
      .run = Import};
}

}  // namespace overlord::cli
