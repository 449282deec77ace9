#include "routes/route.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "routes/label_args.h"
#include "routes/tree_printer.h"

namespace overlord::routes {
namespace {

// A route as the config loader would hand it over. `matchers` uses the config syntax.
config::Route R(std::string receiver, std::string_view matchers = "", bool cont = false,
                std::vector<config::Route> children = {}) {
  config::Route r;
  r.receiver = std::move(receiver);
  Result<Matchers> ms = ParseMatchers(matchers);
  REQUIRE_MESSAGE(ms.ok(), ms.error());
  r.matchers = std::move(*ms);
  r.continue_matching = cont;
  r.routes = std::move(children);
  return r;
}

// "receiver@key" of each matched route, comma separated.
std::string Routed(const RoutingTree& tree, const LabelSet& labels) {
  std::string out;
  for (const RouteNode* node : tree.Match(labels)) {
    if (!out.empty()) out += ",";
    out += node->receiver() + "@" + node->key();
  }
  return out;
}

std::string Receivers(const RoutingTree& tree, const LabelSet& labels) {
  return FormatRoutesTest(tree, labels, /*tree_form=*/false);
}

TEST_CASE("root always matches and is the result when no child matches") {
  RoutingTree tree(R("default", "", false, {R("db", R"(team="db")")}));
  CHECK(Routed(tree, {}) == "default@{}");
  CHECK(Routed(tree, {{"team", "web"}}) == "default@{}");
  CHECK(Routed(tree, {{"team", "db"}}) == R"(db@{}/{team="db"})");
}

TEST_CASE("first matching child wins unless it continues") {
  RoutingTree tree(R("root", "", false,
                     {R("a", R"(x="1")"), R("b", R"(x=~"1|2")"), R("c", R"(y="1")", true),
                      R("d", R"(y=~".+")"), R("e", R"(y="1")")}));
  CHECK(Routed(tree, {{"x", "1"}}) == R"(a@{}/{x="1"})");
  CHECK(Routed(tree, {{"x", "2"}}) == R"(b@{}/{x=~"1|2"})");
  // c matches and continues, d matches and stops: e is never reached.
  CHECK(Routed(tree, {{"y", "1"}}) == R"(c@{}/{y="1"},d@{}/{y=~".+"})");
  CHECK(Routed(tree, {{"y", "2"}}) == R"(d@{}/{y=~".+"})");
  // a stops before the continue route.
  CHECK(Routed(tree, {{"x", "1"}, {"y", "1"}}) == R"(a@{}/{x="1"})");

  // Into a reused vector: cleared first.
  std::vector<const RouteNode*> matched;
  tree.Match({{"y", "1"}}, &matched);
  REQUIRE(matched.size() == 2);
  tree.Match({{"x", "2"}}, &matched);
  REQUIRE(matched.size() == 1);
  CHECK(matched[0]->receiver() == "b");
}

TEST_CASE("a continue route that matches keeps later siblings in play even when they fail") {
  RoutingTree tree(
      R("root", "", false, {R("all", R"(alertname=~".*")", true), R("x", R"(a="1")")}));
  CHECK(Receivers(tree, {{"alertname", "A"}}) == "all\n");
  CHECK(Receivers(tree, {{"alertname", "A"}, {"a", "1"}}) == "all,x\n");
}

TEST_CASE("nested trees give leaf-most results and fall back to the parent") {
  RoutingTree tree(
      R("r0", "", false,
        {R("r1", R"(a="1")", true, {R("r2", R"(b="1")", true), R("r1", R"(c="1")"), R("r3")}),
         R("r1", R"(a=~"1|2")"), R("r4")}));
  CHECK(Receivers(tree, {{"a", "1"}, {"b", "1"}, {"c", "1"}}) == "r2,r1,r1\n");
  CHECK(Receivers(tree, {{"a", "1"}}) == "r3,r1\n");
  CHECK(Receivers(tree, {{"a", "2"}}) == "r1\n");
  CHECK(Receivers(tree, {{"a", "3"}}) == "r4\n");
  // A parent with children none of which match is itself the result.
  RoutingTree parent_only(R("r0", "", false, {R("p", R"(a="1")", false, {R("c", R"(b="1")")})}));
  CHECK(Routed(parent_only, {{"a", "1"}}) == R"(p@{}/{a="1"})");
  CHECK(Routed(parent_only, {{"a", "1"}, {"b", "1"}}) == R"(c@{}/{a="1"}/{b="1"})");
}

TEST_CASE("route keys and ids follow the spec examples") {
  RoutingTree tree(R("root", "", false,
                     {R("web", R"(team="web")"),
                      R("db", R"(team="db")", false, {R("sql", R"(service=~"mysql|pg")")}),
                      R("db2", R"(team="db")")}));
  const RouteNode& root = tree.root();
  CHECK(root.key() == "{}");
  CHECK(root.id() == "{}");
  CHECK(root.parent() == nullptr);
  const RouteNode& db = *root.children()[1];
  CHECK(db.key() == R"({}/{team="db"})");
  CHECK(db.id() == R"({}/{team="db"}/1)");
  CHECK(db.index() == 1);
  CHECK(db.parent() == &root);
  const RouteNode& sql = *db.children()[0];
  CHECK(sql.key() == R"({}/{team="db"}/{service=~"mysql|pg"})");
  CHECK(sql.id() == R"({}/{team="db"}/1/{service=~"mysql|pg"}/0)");
  CHECK(root.children()[0]->id() == R"({}/{team="web"}/0)");
  // Siblings with the same matchers share the key but not the id.
  const RouteNode& db2 = *root.children()[2];
  CHECK(db2.key() == db.key());
  CHECK(db2.id() == R"({}/{team="db"}/2)");
  CHECK(tree.FindById(R"({}/{team="db"}/2)") == &db2);
  CHECK(tree.FindById("nope") == nullptr);

  std::vector<std::string> ids;
  for (const RouteNode* n : tree.AllNodes()) ids.push_back(n->receiver());
  CHECK(ids == std::vector<std::string>{"root", "web", "db", "sql", "db2"});
}

TEST_CASE("matchers are sorted by name, value, then type in keys") {
  RoutingTree tree(
      R("root", "", false, {R("x", R"(b="x\"y",a=~"z|\\d",a!="1",a!~"0",a="1",a=~"1")")}));
  CHECK(tree.root().children()[0]->key() ==
        R"({}/{a!~"0",a="1",a!="1",a=~"1",a=~"z|\\d",b="x\"y"})");
  // Sorting does not change what matches.
  CHECK(tree.root().children()[0]->matchers().size() == 6);
}

TEST_CASE("group labels and group keys") {
  config::Route root = R("root", "", false, {R("db", R"(team="db")")});
  root.group_by = {"alertname", "cluster"};
  root.routes[0].group_by = {};
  RoutingTree tree(root);
  const LabelSet alert{{"alertname", "X"}, {"team", "db"}, {"instance", "h:9"}};

  const RouteNode& db = *tree.root().children()[0];
  CHECK(db.GroupLabels(alert).empty());
  CHECK(db.GroupKey(db.GroupLabels(alert)) == R"({}/{team="db"}:{})");

  const LabelSet other{{"alertname", "X"}, {"severity", "page"}};
  const RouteNode& r = tree.root();
  // cluster is absent from the alert, so it is absent from the group labels.
  CHECK(r.GroupLabels(other) == LabelSet{{"alertname", "X"}});
  CHECK(r.GroupKey(r.GroupLabels(other)) == R"({}:{alertname="X"})");

  config::Route all = R("root");
  all.group_by_all = true;
  RoutingTree by_all(all);
  CHECK(by_all.root().GroupLabels(alert) == alert);
  std::vector<Label> picked{{"stale", "x"}};
  CHECK_FALSE(by_all.root().PickGroupLabels(alert, &picked));  // the alert's own set
  CHECK(picked.empty());
  CHECK(by_all.root().GroupKey(alert) == R"({}:{alertname="X", instance="h:9", team="db"})");
}

TEST_CASE("group labels pick group_by's names from the alert, in any order given") {
  config::Route root = R("root");
  // Unsorted, repeated, with names before, between and after the alert's.
  root.group_by = {"zone", "c", "a", "e", "c", "0"};
  RoutingTree tree(root);
  const LabelSet alert{{"b", "1"}, {"c", "2"}, {"d", "3"}, {"e", "4"}, {"f", "5"}};
  CHECK(tree.root().GroupLabels(alert) == LabelSet{{"c", "2"}, {"e", "4"}});
  CHECK(tree.root().GroupLabels(LabelSet{}).empty());
  // The same pairs, unbuilt, for a lookup; the vector's old contents go.
  std::vector<Label> picked{{"stale", "x"}};
  CHECK(tree.root().PickGroupLabels(alert, &picked));
  CHECK(picked == std::vector<Label>{{"c", "2"}, {"e", "4"}});
  CHECK(tree.root().PickGroupLabels(LabelSet{}, &picked));
  CHECK(picked.empty());

  // Many names, few of them in the alert.
  config::Route wide = R("root");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 40; ++i) {
    wide.group_by.push_back("n" + std::to_string(100 + i));
    if (i % 3 == 0) pairs.emplace_back("n" + std::to_string(100 + i), std::to_string(i));
  }
  pairs.emplace_back("other", "x");
  LabelSet many;
  for (const auto& [name, value] : pairs) many.Set(name, value);
  LabelSet want;
  for (const auto& [name, value] : pairs) {
    if (name != "other") want.Set(name, value);
  }
  CHECK(RoutingTree(wide).root().GroupLabels(many) == want);
}

TEST_CASE("nodes keep the effective options they were given") {
  config::Route child = R("db", R"(team="db")", true);
  child.group_by = {"alertname"};
  child.group_wait = std::chrono::seconds(10);
  child.group_interval = std::chrono::minutes(1);
  child.repeat_interval = std::chrono::hours(2);
  child.mute_time_intervals = {"nights"};
  child.active_time_intervals = {"office"};
  config::Route root = R("root", "", false, {child});
  RoutingTree tree(root);
  const RouteNode& n = *tree.root().children()[0];
  CHECK(n.receiver() == "db");
  CHECK(n.continue_matching());
  CHECK(n.options().group_by == std::vector<std::string>{"alertname"});
  CHECK(n.options().group_wait == std::chrono::seconds(10));
  CHECK(n.options().group_interval == std::chrono::minutes(1));
  CHECK(n.options().repeat_interval == std::chrono::hours(2));
  CHECK(n.options().mute_time_intervals == std::vector<std::string>{"nights"});
  CHECK(n.options().active_time_intervals == std::vector<std::string>{"office"});
  CHECK(n.options().routes.empty());
  CHECK(tree.root().options().routes.empty());
  CHECK(tree.root().children().size() == 1);
}

TEST_CASE("nodes stay put when the tree moves") {
  RoutingTree tree(R("root", "", false, {R("a", R"(a="1")")}));
  const RouteNode* a = tree.root().children()[0].get();
  RoutingTree moved = std::move(tree);
  CHECK(moved.Match({{"a", "1"}}) == std::vector<const RouteNode*>{a});
  CHECK(a->parent() == &moved.root());
}

// --- amtool output parity. Expected strings were captured from amtool 0.25
// (`amtool config routes show|test --config.file <testdata>`). match/match_re entries are
// given as the loader produces them for 0.25: match_re values appear anchored, `^(?:re)$`.

// 027-netapp-harvest.yml
config::Route NetappHarvest() {
  config::Route root = R("admin-mail", "", false,
                         {R("info-mails", R"(message=~"nis.server.not.available|xyz|abc")", true,
                            {R("error-mails", R"(severity="critical")")}),
                          R("info-mails", R"(message=~"mgmtgwd.certificate.expiring|cde")", true,
                            {R("error-mails", R"(severity="error")")})});
  return root;
}

// 026-scylla-monitoring.yml
config::Route ScyllaMonitoring() {
  return R("team-X-mails", "", false,
           {R("team-X-mails", R"(service=~"^(?:^(foo1|foo2|baz)$)$")", false,
              {R("team-X-pager", R"(severity="critical")")}),
            R("team-Y-mails", R"(service="files")", false,
              {R("team-Y-pager", R"(severity="critical")")}),
            R("team-DB-pager", R"(service="database")", false,
              {R("team-X-pager", R"(owner="team-X")"), R("team-Y-pager", R"(owner="team-Y")")})});
}

// 033-flophero-observability.yml (match maps with two keys)
config::Route FlopheroObservability() {
  return R("null", "", false,
           {R("slack-production", R"(severity="critical",environment="Production")", true),
            R("slack-production", R"(severity="warning",environment="Production")"),
            R("slack-staging", R"(environment="Staging")"),
            R("slack-testing", R"(environment=~"^(?:Development|Feature)$")"),
            R("slack-testing", R"(environment="Monitoring")")});
}

TEST_CASE("routes show matches amtool: 027-netapp-harvest") {
  RoutingTree tree(NetappHarvest());
  CHECK(FormatRoutingTree(tree) ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: admin-mail\n"
        "    ├── {message=~\"nis.server.not.available|xyz|abc\"}  continue: true  receiver: "
        "info-mails\n"
        "    │\u00a0\u00a0 └── {severity=\"critical\"}  receiver: error-mails\n"
        "    └── {message=~\"mgmtgwd.certificate.expiring|cde\"}  continue: true  receiver: "
        "info-mails\n"
        "        └── {severity=\"error\"}  receiver: error-mails\n"
        "\n");
}

TEST_CASE("routes show matches amtool: 026-scylla-monitoring") {
  RoutingTree tree(ScyllaMonitoring());
  CHECK(FormatRoutingTree(tree) ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: team-X-mails\n"
        "    ├── {service=~\"^(?:^(foo1|foo2|baz)$)$\"}  receiver: team-X-mails\n"
        "    │\u00a0\u00a0 └── {severity=\"critical\"}  receiver: team-X-pager\n"
        "    ├── {service=\"files\"}  receiver: team-Y-mails\n"
        "    │\u00a0\u00a0 └── {severity=\"critical\"}  receiver: team-Y-pager\n"
        "    └── {service=\"database\"}  receiver: team-DB-pager\n"
        "        ├── {owner=\"team-X\"}  receiver: team-X-pager\n"
        "        └── {owner=\"team-Y\"}  receiver: team-Y-pager\n"
        "\n");
}

TEST_CASE("routes show matches amtool: 033-flophero-observability (sorted matchers)") {
  RoutingTree tree(FlopheroObservability());
  CHECK(FormatRoutingTree(tree) ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: null\n"
        "    ├── {environment=\"Production\",severity=\"critical\"}  continue: true  receiver: "
        "slack-production\n"
        "    ├── {environment=\"Production\",severity=\"warning\"}  receiver: slack-production\n"
        "    ├── {environment=\"Staging\"}  receiver: slack-staging\n"
        "    ├── {environment=~\"^(?:Development|Feature)$\"}  receiver: slack-testing\n"
        "    └── {environment=\"Monitoring\"}  receiver: slack-testing\n"
        "\n");
}

TEST_CASE("routes show: child without matchers is a default-route") {
  RoutingTree tree(R("r0", "", false,
                     {R("r1", "", true, {R("r2", R"(b="x\"y",a=~"z|\\d")")}),
                      R("r4", R"(zz="q",aa=~"^(?:x+)$")")}));
  CHECK(FormatRoutingTree(tree) ==
        "Routing tree:\n"
        ".\n"
        "└── default-route  receiver: r0\n"
        "    ├── default-route  continue: true  receiver: r1\n"
        "    │\u00a0\u00a0 └── {a=~\"z|\\\\d\",b=\"x\\\"y\"}  receiver: r2\n"
        "    └── {aa=~\"^(?:x+)$\",zz=\"q\"}  receiver: r4\n"
        "\n");
}

TEST_CASE("routes test matches amtool") {
  RoutingTree scylla(ScyllaMonitoring());
  CHECK(Receivers(scylla, {{"service", "foo1"}, {"severity", "critical"}}) == "team-X-pager\n");
  CHECK(Receivers(scylla, {{"service", "database"}, {"owner", "team-X"}}) == "team-X-pager\n");
  CHECK(Receivers(scylla, {{"service", "other"}}) == "team-X-mails\n");
  RoutingTree flop(FlopheroObservability());
  CHECK(Receivers(flop, {{"environment", "Production"}, {"severity", "critical"}}) ==
        "slack-production\n");
  CHECK(Receivers(flop, {{"environment", "Feature"}}) == "slack-testing\n");
  CHECK(Receivers(flop, {{"environment", "Production"}}) == "null\n");
  RoutingTree netapp(NetappHarvest());
  CHECK(MatchedReceivers(netapp, {{"message", "xyz"}, {"severity", "critical"}}) ==
        std::vector<std::string>{"error-mails"});
}

TEST_CASE("routes test --tree matches amtool") {
  RoutingTree netapp(NetappHarvest());
  CHECK(FormatRoutesTest(netapp, {{"message", "xyz"}, {"severity", "critical"}}, true) ==
        "Matching routes:\n"
        ".\n"
        "└── default-route\n"
        "    └── {message=~\"nis.server.not.available|xyz|abc\"}\n"
        "        └── {severity=\"critical\"}  receiver: error-mails\n"
        "\n\n"
        "error-mails\n");
  CHECK(FormatRoutesTest(netapp, {{"message", "xyz"}}, true) ==
        "Matching routes:\n"
        ".\n"
        "└── default-route\n"
        "    └── {message=~\"nis.server.not.available|xyz|abc\"}  receiver: info-mails\n"
        "\n\n"
        "info-mails\n");
  CHECK(FormatRoutesTest(netapp, {{"foo", "bar"}}, true) ==
        "Matching routes:\n"
        ".\n"
        "└── default-route  receiver: admin-mail\n"
        "\n\n"
        "admin-mail\n");

  // Paths sharing a parent are merged under it (amtool output for a custom config).
  RoutingTree nested(
      R("r0", "", false,
        {R("r1", R"(a="1")", true, {R("r2", R"(b="1")", true), R("r1", R"(c="1")"), R("r3")}),
         R("r1", R"(a=~"1|2")"), R("r4")}));
  CHECK(FormatRoutesTest(nested, {{"a", "1"}, {"b", "1"}, {"c", "1"}}, true) ==
        "Matching routes:\n"
        ".\n"
        "└── default-route\n"
        "    ├── {a=\"1\"}\n"
        "    │\u00a0\u00a0 ├── {b=\"1\"}  receiver: r2\n"
        "    │\u00a0\u00a0 └── {c=\"1\"}  receiver: r1\n"
        "    └── {a=~\"1|2\"}  receiver: r1\n"
        "\n\n"
        "r2,r1,r1\n");
  CHECK(FormatRoutesTest(nested, {{"a", "3"}}, true) ==
        "Matching routes:\n"
        ".\n"
        "└── default-route\n"
        "    └── default-route  receiver: r4\n"
        "\n\n"
        "r4\n");
}

TEST_CASE("routes test label arguments parse like amtool") {
  Result<LabelSet> ls = ParseLabelArgs({"a=1", R"(b="x y")", "c=1,d=2", "e="});
  REQUIRE_MESSAGE(ls.ok(), ls.error());
  CHECK(ls->Get("a") == "1");
  CHECK(ls->Get("b") == "x y");
  CHECK(ls->Get("c") == "1,d=2");
  CHECK(ls->Get("e") == "");
  Result<LabelSet> regex = ParseLabelArgs({"a=~1"});
  REQUIRE_FALSE(regex.ok());
  CHECK(regex.error() == "Failed to parse labels: labels must be specified as key=value pairs");
  Result<LabelSet> braces = ParseLabelArgs({R"({a="1",c=1})"});
  REQUIRE_FALSE(braces.ok());
  CHECK(braces.error() == R"(Failed to parse labels: bad matcher format: {a="1",c=1})");
}

}  // namespace
}  // namespace overlord::routes
