// Go's fmt package over template Values: what `{{ . }}`, print, println and printf produce.
//
//   Sprintf("%-6s|%5.2f", {Value("ab"), Value(3.14159)})  // "ab    | 3.14"
//   Sprint({Value(1), Value(2), Value("a")})               // "1 2a"
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "model/utf8.h"
#include "template/value.h"

namespace overlord::tmpl {

struct FmtStyle {
  // Newer Alertmanager gives KV a String() method ("a=1, b=2"); 0.25 prints Go map syntax.
  bool kv_stringer = false;
};

// fmt.Sprint(v) for a single operand (the %v form).
std::string FormatValue(const Value& v, const FmtStyle& style = {});
std::string Sprint(std::span<const Value> args, const FmtStyle& style = {});
std::string Sprintln(std::span<const Value> args, const FmtStyle& style = {});
std::string Sprintf(std::string_view format, std::span<const Value> args,
                    const FmtStyle& style = {});

// strconv.FormatFloat(v, 'g', -1, 64) with fmt's %v exponent rules ("1e+06", "0.5").
std::string FormatFloatShortest(double v);
// fmt's %.<prec>g.
std::string FormatFloatG(double v, int prec);

void AppendRune(std::string& out, char32_t r);
std::size_t RuneCount(std::string_view s);

}  // namespace overlord::tmpl
