// The amtool config file: YAML whose keys are flag names, giving defaults for any flag
// (`alertmanager.url`, `author`, `require-comment`, `output`, `date.format`, ...).
//
// Files are read in order; for each key the first file that sets it wins. The legacy key
// `comment_required` means `require-comment`; setting both is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/result.h"

namespace overlord::cli {

// $HOME/.config/amtool/config.yml then /etc/amtool/config.yml ($HOME omitted when empty).
std::vector<std::string> DefaultAmtoolConfigPaths(const std::string& home);

// Missing files are skipped. Values are kept as text (scalars only; a nested value is an
// error naming the file and key). Files above 1 MiB are rejected.
Result<std::map<std::string, std::string>> LoadAmtoolConfig(const std::vector<std::string>& paths);

}  // namespace overlord::cli
