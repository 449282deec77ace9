#include <doctest/doctest.h>

#include "template/template_set.h"

TEST_CASE("smoke") {
  auto set = overlord::TemplateSet::WithDefaults();
  auto r = set.ExecuteText("{{ 1 }}", overlord::tmpl::Value());
  REQUIRE(r.ok());
  CHECK(*r == "1");
}
