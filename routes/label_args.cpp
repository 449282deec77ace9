#include "routes/label_args.h"

#include "model/matcher.h"

namespace overlord::routes {

Result<LabelSet> ParseLabelArgs(const std::vector<std::string>& args) {
  LabelSet labels;
  for (const std::string& arg : args) {
    Result<Matcher> m = ParseMatcher(arg);
    if (!m.ok()) return Error{"Failed to parse labels: " + m.error()};
    if (m->type() != MatchType::kEqual) {
      return Error{"Failed to parse labels: labels must be specified as key=value pairs"};
    }
    labels.Set(m->name(), m->value());
  }
  return labels;
}

}  // namespace overlord::routes
