// QueryParams: a request's query parameters, read as Go's url.ParseQuery reads them, which
// is what Alertmanager's users and clients are used to. A value is everything after the
// first '=', so `?filter=alertname="Foo"` typed into curl unencoded is the matcher
// alertname="Foo". (cpp-httplib's own parser keeps only what follows the last '=', "Foo"
// here, and the matcher failed to parse.)
//
//   QueryParams query(req.target);
//   for (const std::string& f : query.Values("filter")) ...
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace overlord::api {

class QueryParams {
 public:
  // `target` is the request target: the path, then '?' and the query.
  explicit QueryParams(std::string_view target);

  // Every value of `name`, in the order given.
  std::vector<std::string> Values(std::string_view name) const;
  bool Has(std::string_view name) const;
  // The last value of `name`, which is how go-openapi reads a parameter that takes one
  // value (?active=false&active=true is true); "" when absent.
  std::string Value(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace overlord::api
