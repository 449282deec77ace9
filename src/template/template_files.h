// Loading the `templates:` globs of a config into a TemplateSet, in Alertmanager's order:
// defaults first, then every file each glob matches (sorted), so user files may redefine
// the defaults. A glob that matches nothing is not an error.
#pragma once

#include <string>
#include <vector>

#include "model/result.h"
#include "template/template_set.h"

namespace overlord {

// Files matched by the globs, in load order (each glob's matches sorted, duplicates kept once).
Result<std::vector<std::string>> ExpandTemplateGlobs(const std::vector<std::string>& globs);

// Defaults plus the files of `globs`. The error names the file and position that failed.
Result<TemplateSet> LoadTemplates(const std::vector<std::string>& globs, const Clock* clock = nullptr);

}  // namespace overlord
