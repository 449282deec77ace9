#include "template/go_cases_test.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "template/template_set.h"

namespace overlord::tmpl::testing {

namespace {
Time At(const char* rfc3339) { return *ParseRFC3339(rfc3339); }
}  // namespace

TemplateData GoCaseData() {
  TemplateData d;
  d.receiver = "team-x\\.pager";
  d.status = "firing";
  TemplateAlert a;
  a.status = "firing";
  a.labels = {{"alertname", "X"}, {"instance", "a:9100"}, {"job", "node"}, {"severity", "critical"}};
  a.annotations = {{"summary", "CPU high on a:9100"}, {"description", "<b>hot</b> & \"loud\""}};
  a.starts_at = At("2024-01-02T03:04:05.123Z");
  a.generator_url = "http://prom:9090/graph?g0.expr=up&g0.tab=1";
  a.fingerprint = "6870b400b71613f1";
  TemplateAlert b;
  b.status = "resolved";
  b.labels = {{"alertname", "X"}, {"instance", "b:9100"}, {"job", "node"}, {"severity", "warning"}};
  b.annotations = {{"summary", "CPU high on b:9100"}};
  b.starts_at = At("2024-01-02T01:00:00Z");
  b.ends_at = At("2024-01-02T04:30:15.5Z");
  b.generator_url = "http://prom:9090/graph?g0.expr=up";
  b.fingerprint = "0123456789abcdef";
  d.alerts = {a, b};
  d.group_labels = {{"alertname", "X"}};
  d.common_labels = {{"alertname", "X"}, {"job", "node"}};
  d.external_url = "http://am.example:9093";
  return d;
}

TEST_CASE("Go text/template behaviour table (recorded from Go)") {
  TemplateSet set = TemplateSet::WithDefaults();
  Value data = MakeData(GoCaseData());
  CHECK(GoCases().size() >= 150);
  for (const GoCase& c : GoCases()) {
    CAPTURE(c.text);
    Result<std::string> r = set.ExecuteText(c.text, data);
    switch (c.expect) {
      case kOk:
        if (!r.ok()) FAIL_CHECK("unexpected error: " << r.error());
        else CHECK(*r == c.want);
        break;
      case kError:
        if (r.ok()) FAIL_CHECK("expected error, got: " << *r);
        else CHECK(r.error() == c.want);
        break;
      case kErrorAny:
        CHECK_FALSE(r.ok());
        break;
    }
  }
}

}  // namespace overlord::tmpl::testing
