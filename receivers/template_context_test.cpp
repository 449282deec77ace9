#include "receivers/template_context.h"

#include <doctest/doctest.h>

#include "receivers/am025_recordings.h"

namespace overlord {
namespace {

TEST_CASE("MakeTemplateData: escaped receiver, statuses, fingerprints, common labels") {
  Notification n = testing::Rich({{"a:9100", false}, {"b:9100", true}});
  n.receiver = "team-x.pager";
  TemplateData d = MakeTemplateData(n);
  CHECK(d.receiver == R"(team-x\.pager)");
  CHECK(d.status == "firing");
  REQUIRE(d.alerts.size() == 2);
  CHECK(d.alerts[0].status == "firing");
  CHECK(d.alerts[1].status == "resolved");
  CHECK(d.alerts[1].ends_at == testing::EndsAt());
  CHECK(d.alerts[0].fingerprint.size() == 16);
  CHECK(d.alerts[0].generator_url == testing::kGeneratorUrl);
  CHECK(d.group_labels == LabelSet{{"alertname", "Rich"}});
  CHECK(d.common_labels ==
        LabelSet{{"alertname", "Rich"}, {"case", "rich"}, {"job", "node"}, {"team", "db"}});
  CHECK(d.common_annotations == LabelSet{{"summary", "s"}});
  CHECK(d.external_url == "http://am.example:9093");
  CHECK(d.now == testing::Now());

  CHECK(MakeTemplateData(testing::Basic(true)).status == "resolved");
}

TEST_CASE("FieldRenderer renders the defaults as the spec's examples") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  FieldRenderer render(templates, testing::Basic(false));
  CHECK(render(R"({{ template "slack.default.title" . }})") == "[FIRING:2] X (node)");
  CHECK(render(R"({{ template "slack.default.titlelink" . }})") ==
        "http://am.example:9093/#/alerts?receiver=team-x%5C.pager");
  CHECK(render("") == "");
  CHECK_FALSE(render.failed());
}

TEST_CASE("FieldRenderer keeps the first error and renders later fields empty") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  FieldRenderer render(templates, testing::Basic(false));
  CHECK(render("ok") == "ok");
  CHECK(render("{{ .Foo }}") == "");
  CHECK(render("{{ template \"nope\" . }}") == "");
  CHECK(render("fine") == "");  // as Alertmanager's tmplText after an error
  REQUIRE(render.failed());
  CHECK(
      render.error() ==
      R"(template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type *template.Data)");
  SendResult r = TemplateFailure(render.error());
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.retryable);
}

}  // namespace
}  // namespace overlord
