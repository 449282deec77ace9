#include "receivers/secret_file.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace overlord {

Result<std::string> ReadSecretFile(const std::string& path, std::string_view what) {
  // Secrets are small; refusing huge files keeps a misconfiguration from eating memory.
  constexpr std::size_t kMaxSecretSize = 1 << 20;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"unable to read " + std::string(what) + " file " + path};
  std::string content(kMaxSecretSize + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (in.bad()) return Error{"unable to read " + std::string(what) + " file " + path};
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > kMaxSecretSize) {
    return Error{std::string(what) + " file " + path + " is larger than 1 MiB"};
  }
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::size_t begin = 0, end = content.size();
  while (begin < end && space(content[begin])) ++begin;
  while (end > begin && space(content[end - 1])) --end;
  return content.substr(begin, end - begin);
}

}  // namespace overlord
