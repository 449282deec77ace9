#include "template/template_files.h"

#include <glob.h>

#include <algorithm>
#include <set>

namespace overlord {

Result<std::vector<std::string>> ExpandTemplateGlobs(const std::vector<std::string>& globs) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  for (const std::string& pattern : globs) {
    glob_t g{};
    // No GLOB_ERR: a folder that does not exist is "no match", as in Go's filepath.Glob.
    int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    if (rc != 0 && rc != GLOB_NOMATCH) {
      globfree(&g);
      return Error{"cannot read template glob \"" + pattern + "\""};
    }
    std::vector<std::string> matched(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    globfree(&g);
    std::sort(matched.begin(), matched.end());
    for (std::string& f : matched) {
      if (seen.insert(f).second) files.push_back(std::move(f));
    }
  }
  return files;
}

Result<TemplateSet> LoadTemplates(const std::vector<std::string>& globs, const Clock* clock) {
  Result<std::vector<std::string>> files = ExpandTemplateGlobs(globs);
  if (!files.ok()) return Error{files.error()};
  TemplateSet set = TemplateSet::WithDefaults({}, clock);
  for (const std::string& f : *files) {
    if (Status s = set.AddFile(f); !s.ok()) return Error{s.error()};
  }
  return set;
}

}  // namespace overlord
