// Functions added after Alertmanager 0.25 and engine limits. Expected values follow Go's
// behaviour for the same calls (time.Duration.String, encoding/json, net/url, Prometheus'
// humanizeDuration).
#include <doctest/doctest.h>

#include "template/go_cases_test.h"
#include "template/go_fmt.h"
#include "template/go_time.h"
#include "template/template_set.h"

namespace overlord {
namespace {

std::string Render(const TemplateSet& set, const std::string& text) {
  TemplateData data = tmpl::testing::GoCaseData();
  data.now = *ParseRFC3339("2024-01-02T05:04:05.123Z");
  Result<std::string> r = set.ExecuteText(text, data);
  if (!r.ok()) return "ERROR: " + r.error();
  return *r;
}

}  // namespace

TEST_CASE("newer Alertmanager functions") {
  TemplateSet set = TemplateSet::WithDefaults();
  struct {
    const char* text;
    const char* want;
  } cases[] = {
      {"{{ toJson .CommonLabels }}", R"({"alertname":"X","job":"node"})"},
      {"{{ toJson (index .Alerts 1) }}",
       R"({"status":"resolved","labels":{"alertname":"X","instance":"b:9100","job":"node","severity":"warning"},)"
       R"("annotations":{"summary":"CPU high on b:9100"},"startsAt":"2024-01-02T01:00:00Z",)"
       R"("endsAt":"2024-01-02T04:30:15.5Z","generatorURL":"http://prom:9090/graph?g0.expr=up",)"
       R"("fingerprint":"0123456789abcdef"})"},
      {R"({{ toJson "<&>\n" }})", R"("\u003c\u0026\u003e\n")"},
      {R"({{ toJson (list 1 1.5 true nil "s") }})", R"([1,1.5,true,null,"s"])"},
      {"{{ (index .Alerts 0).StartsAt | since }}", "2h0m0s"},
      {"{{ since (index .Alerts 1).StartsAt }}", "4h4m5.123s"},
      {"{{ humanizeDuration 3661 }}|{{ humanizeDuration 90061 }}|{{ humanizeDuration 1.5 }}",
       "1h 1m 1s|1d 1h 1m 1s|1.5s"},
      {R"({{ humanizeDuration 0.0015 }}|{{ humanizeDuration 0 }}|{{ humanizeDuration "65" }})",
       "1.5ms|0s|1m 5s"},
      {"{{ humanizeDuration -3661 }}", "-1h 1m 1s"},
      {R"({{ date "2006-01-02 15:04" (index .Alerts 0).StartsAt }})", "2024-01-02 03:04"},
      {R"({{ (tz "Europe/Berlin" (index .Alerts 0).StartsAt).Format "15:04 MST -07:00" }})",
       "04:04 CET +01:00"},
      {R"({{ (index .Alerts 0).StartsAt | tz "America/New_York" | date "2006-01-02 15:04 MST" }})",
       "2024-01-01 22:04 EST"},
      {R"({{ tz "UTC" (index .Alerts 0).StartsAt }})", "2024-01-02 03:04:05.123 +0000 UTC"},
      {R"({{ trimSpace "  a b \n" }})", "a b"},
      {R"({{ urlUnescape "a%20b+c%2F" }})", "a b c/"},
      {R"({{ $l := list 1 "a" }}{{ $l }} {{ len $l }})", "[1 a] 2"},
      {R"({{ append (list 1) 2 3 }})", "[1 2 3]"},
      {R"({{ $d := dict "a" 1 "b" "x" }}{{ $d.a }} {{ $d.missing }} {{ index $d "b" }} {{ $d }})",
       "1 <no value> x map[a:1 b:x]"},
      {R"({{ range $k, $v := dict "z" 1 "a" 2 }}{{ $k }}{{ $v }}{{ end }})", "a2z1"},
      {R"({{ base64encode "hi?>" }} {{ base64decode "aGk_Pg==" }})", "aGk_Pg== hi?>"},
      {R"({{ toDate "2006-01-02" "2024-03-05" }})", "2024-03-05 00:00:00 +0000 UTC"},
      {R"({{ (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T10:00:00+02:00").UTC }})",
       "2024-03-05 08:00:00 +0000 UTC"},
      {"{{ (now).Unix }}", "1704171845"},
      {"{{ safeUrl \"http://x/?a=b\" }}", "http://x/?a=b"},
      {"{{ (index .Alerts 1).EndsAt.Sub (index .Alerts 1).StartsAt | printf \"%d\" }}",
       "12615500000000"},
      {"{{ ((index .Alerts 1).EndsAt.Sub (index .Alerts 1).StartsAt).Minutes }}", "210.25833333333333"},
      {"{{ .CommonLabels.Names.Join \",\" }}", "alertname,job"},
      {"{{ .Alerts.Len }}", "2"},
      {"{{ range 3 }}{{ . }}{{ end }}", "012"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(Render(set, c.text) == c.want);
  }
  CHECK(Render(set, R"({{ tz "Nope/Zone" (index .Alerts 0).StartsAt }})")
            .find("error calling tz: unknown time zone Nope/Zone") != std::string::npos);
  CHECK(Render(set, R"({{ urlUnescape "%zz" }})").find("invalid URL escape \"%zz\"") != std::string::npos);
  CHECK(Render(set, R"({{ dict "a" }})").find("error calling dict") != std::string::npos);
  CHECK(Render(set, R"({{ base64decode "!!" }})").find("illegal base64 data") != std::string::npos);
}

TEST_CASE("KV printing: 0.25 map syntax by default, newer Stringer form on request") {
  TemplateSet old = TemplateSet::WithDefaults();
  CHECK(Render(old, "{{ .CommonLabels }}") == "map[alertname:X job:node]");
  TemplateOptions opts;
  opts.kv_stringer = true;
  TemplateSet newer = TemplateSet::WithDefaults(opts);
  CHECK(Render(newer, "{{ .CommonLabels }}") == "alertname=X, job=node");
  CHECK(Render(newer, "{{ (index .Alerts 1).Labels }}") ==
        "alertname=X, instance=b:9100, job=node, severity=warning");
}

TEST_CASE("limits: recursion depth and output size") {
  TemplateOptions opts;
  opts.limits.max_output_bytes = 1000;
  TemplateSet set(opts);
  CHECK(Render(set, R"({{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }})")
            .find("exceeded maximum template depth") != std::string::npos);
  CHECK(Render(set, R"({{ range 2000 }}x{{ end }})").find("output exceeds 1000 bytes") !=
        std::string::npos);
  CHECK(set.ExecuteText("", tmpl::Value()).value().empty());
}

TEST_CASE("Go time and number formatting helpers") {
  using tmpl::GoDurationString;
  CHECK(GoDurationString(Duration(0)) == "0s");
  CHECK(GoDurationString(std::chrono::microseconds(1500)) == "1.5ms");
  CHECK(GoDurationString(Duration(1500)) == "1.5\xC2\xB5s");
  CHECK(GoDurationString(Duration(999)) == "999ns");
  CHECK(GoDurationString(std::chrono::seconds(-90)) == "-1m30s");
  CHECK(GoDurationString(std::chrono::hours(49)) == "49h0m0s");
  tmpl::GoTime t{*ParseRFC3339("2024-07-09T15:04:05.000123Z"), 0, "UTC"};
  CHECK(tmpl::FormatGoTime(t, "Mon Jan 2 3:04:05 PM 2006 .000000 __2 002") ==
        "Tue Jul 9 3:04:05 PM 2024 .000123 191 191");
  CHECK(tmpl::FormatGoTime(t, "2006-01-02T15:04:05.999999999Z07:00") == "2024-07-09T15:04:05.000123Z");
  Result<tmpl::GoTime> summer = tmpl::InZone(t, "Europe/Berlin");
  REQUIRE(summer.ok());
  CHECK(tmpl::GoTimeString(*summer) == "2024-07-09 17:04:05.000123 +0200 CEST");
  CHECK(tmpl::FormatFloatShortest(0.1) == "0.1");
  CHECK(tmpl::FormatFloatShortest(123456789.0) == "1.23456789e+08");
  CHECK(tmpl::FormatFloatShortest(-2.5e-7) == "-2.5e-07");
}

}  // namespace overlord
