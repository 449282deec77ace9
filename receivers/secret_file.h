// ReadSecretFile: the content of a *_file setting (password_file, credentials_file,
// url_file, api_key_file, ...) with surrounding whitespace removed, as prometheus/common
// and Alertmanager read them. Read at send time so that rotating the file needs no reload.
#pragma once

#include <string>
#include <string_view>

#include "model/result.h"

namespace overlord {

// Error text: "unable to read <what> file <path>".
Result<std::string> ReadSecretFile(const std::string& path, std::string_view what);

}  // namespace overlord
