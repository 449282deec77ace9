// The function table templates call: Go's builtins (len, index, printf, eq, ...) and the
// functions Alertmanager adds (toUpper, join, reReplaceAll, since, toJson, ...).
//
// `and` and `or` are listed (so parsing accepts them) but are evaluated lazily by the
// executor, which short-circuits like Go 1.18+.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "model/result.h"
#include "template/go_fmt.h"
#include "template/value.h"

namespace overlord::tmpl {

struct CallContext {
  FmtStyle style;
  Time now = kZeroTime;  // for now/since; injected by the caller, never read from a clock here
};

using Function = std::function<Result<Value>(const CallContext&, std::span<const Value>)>;

// Looks up a function by name; nullptr when unknown.
const Function* FindFunction(std::string_view name);
bool HasFunction(std::string_view name);

// An error that the executor reports as-is, instead of "error calling <fn>: <msg>"
// (Go reports argument-count and argument-type problems that way).
Error ArgumentError(std::string message);
bool IsArgumentError(const std::string& message);
std::string StripArgumentError(const std::string& message);

// Go's eq/lt on two values (shared with the executor for tests).
Result<bool> GoEqual(const Value& a, const Value& b);
Result<bool> GoLess(const Value& a, const Value& b);

// Methods on Alertmanager types, time.Time and time.Duration. Returns nullopt-like
// `found=false` when the type has no such method.
struct MethodResult {
  bool found = false;
  Result<Value> value = Value();
};
MethodResult CallMethod(const CallContext& ctx, const Value& receiver, std::string_view name,
                        std::span<const Value> args);

// JSON as Go's encoding/json writes it (HTML-safe escaping, sorted map keys).
std::string ToGoJson(const Value& v);

}  // namespace overlord::tmpl
