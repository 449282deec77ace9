#include "api/silences_endpoint.h"

#include <doctest/doctest.h>

#include <thread>

namespace overlord::api {
namespace {

using namespace std::chrono_literals;

Time T(std::int64_t s) { return FromUnixSeconds(s); }
const Time kNow = T(1700000000);  // 2023-11-14T22:13:20Z

// The handlers on 127.0.0.1:<any port>, with a manual clock and predictable ids.
class Fixture {
 public:
  Fixture() : clock_(kNow), silences_(Options()) {
    RegisterSilenceRoutes(server_, "/", 1 << 20, silences_, clock_, registry_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Fixture() {
    server_.stop();
    thread_.join();
  }

  httplib::Result Post(const std::string& body) {
    return Client().Post("/api/v2/silences", body, "application/json");
  }
  httplib::Result Get(const std::string& path) { return Client().Get(path); }
  httplib::Result Delete(const std::string& path) { return Client().Delete(path); }

  ManualClock& clock() { return clock_; }
  Silences& silences() { return silences_; }
  Registry& registry() { return registry_; }

 private:
  static SilencesOptions Options() {
    SilencesOptions o;
    auto n = std::make_shared<int>(0);
    o.new_id = [n] { return "00000000-0000-4000-8000-00000000000" + std::to_string(++*n); };
    return o;
  }
  httplib::Client Client() { return httplib::Client("127.0.0.1", port_); }

  ManualClock clock_;
  Silences silences_;
  Registry registry_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

const std::string kId1 = "00000000-0000-4000-8000-000000000001";
const std::string kId2 = "00000000-0000-4000-8000-000000000002";
const std::string kId3 = "00000000-0000-4000-8000-000000000003";

std::string Body(const std::string& matchers, const std::string& start, const std::string& end,
                 const std::string& id = "") {
  std::string out = "{";
  if (!id.empty()) out += "\"id\":\"" + id + "\",";
  out += "\"matchers\":" + matchers + ",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end +
         "\",\"createdBy\":\"alice\",\"comment\":\"disk swap\"}";
  return out;
}
const std::string kDisk = R"([{"name":"alertname","value":"Disk","isRegex":false}])";

TEST_CASE("POST then GET a silence: exact JSON shapes") {
  Fixture f;
  auto r = f.Post(Body(kDisk, "2023-11-14T22:00:00Z", "2023-11-14T23:13:20.5Z"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == R"({"silenceID":")" + kId1 + R"("})" "\n");
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(r->get_header_value("Cache-Control") == "no-store");

  f.clock().Advance(1500ms);
  r = f.Get("/api/v2/silence/" + kId1);
  REQUIRE(r);
  CHECK(r->status == 200);
  // startsAt was in the past: clamped to the time of the POST.
  CHECK(r->body ==
        R"({"id":")" + kId1 +
            R"(","status":{"state":"active"},"updatedAt":"2023-11-14T22:13:20.000Z","comment":"disk swap","createdBy":"alice","endsAt":"2023-11-14T23:13:20.500Z","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"Disk"}],"startsAt":"2023-11-14T22:13:20.000Z"})" "\n");

  r = f.Get("/api/v2/silences");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.front() == '[');
  CHECK(r->body.find(kId1) != std::string::npos);
}

TEST_CASE("Annotations and isEqual=false round-trip") {
  Fixture f;
  auto r = f.Post(R"({"matchers":[{"name":"a","value":"x","isRegex":true,"isEqual":false},)"
                  R"({"name":"b","value":"y","isRegex":false}],"startsAt":"2023-11-14T22:13:20Z",)"
                  R"("endsAt":"2023-11-14T23:00:00Z","createdBy":"","comment":"","annotations":{"t":"1"}})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  r = f.Get("/api/v2/silence/" + kId1);
  CHECK(r->body ==
        R"({"id":")" + kId1 +
            R"(","status":{"state":"active"},"updatedAt":"2023-11-14T22:13:20.000Z","annotations":{"t":"1"},"comment":"","createdBy":"","endsAt":"2023-11-14T23:00:00.000Z","matchers":[{"isEqual":false,"isRegex":true,"name":"a","value":"x"},{"isEqual":true,"isRegex":false,"name":"b","value":"y"}],"startsAt":"2023-11-14T22:13:20.000Z"})" "\n");
}

TEST_CASE("POST errors: status codes and bodies as Alertmanager's") {
  Fixture f;
  struct Case {
    std::string body;
    int status;
    std::string reply;
  };
  const std::string ok_times = R"("startsAt":"2023-11-14T22:13:20Z","endsAt":"2023-11-14T23:00:00Z")";
  std::vector<Case> cases = {
      {"", 422, R"({"code":602,"message":"silence in body is required"})"},
      {"{}", 422, R"({"code":602,"message":"comment in body is required"})"},
      {"null", 422, R"({"code":602,"message":"comment in body is required"})"},
      {R"({"comment":"c"})", 422, R"({"code":602,"message":"createdBy in body is required"})"},
      {R"({"comment":"c","createdBy":"x","startsAt":"2023-11-14T22:13:20Z"})", 422,
       R"({"code":602,"message":"endsAt in body is required"})"},
      {R"({"comment":"c","createdBy":"x",)" + ok_times + "}", 422,
       R"({"code":602,"message":"matchers in body is required"})"},
      {R"({"comment":"c","createdBy":"x","matchers":[],)" + ok_times + "}", 422,
       R"({"code":612,"message":"matchers in body should have at least 1 items"})"},
      {R"({"comment":"c","createdBy":"x","matchers":[{}],)" + ok_times + "}", 422,
       R"({"code":602,"message":"matchers.0.isRegex in body is required"})"},
      {R"({"comment":"c","createdBy":"x","matchers":[{"isRegex":true}],)" + ok_times + "}", 422,
       R"({"code":602,"message":"matchers.0.name in body is required"})"},
      {R"({"comment":"c","createdBy":"x","matchers":[{"isRegex":true,"name":"a"}],)" + ok_times + "}",
       422, R"({"code":602,"message":"matchers.0.value in body is required"})"},
      {R"({"comment":"c","createdBy":"x","matchers":[{"isRegex":true,"name":"a","value":"b"}],"endsAt":"2023-11-14T23:00:00Z"})",
       422, R"({"code":602,"message":"startsAt in body is required"})"},
      {"[]", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal array into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"})"},
      {R"({"createdBy":5})", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field Silence.createdBy of type string"})"},
      {R"({"matchers":{}})", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal object into Go struct field Silence.matchers of type models.Matchers"})"},
      {R"({"matchers":[{"isRegex":"no"}]})", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal string into Go struct field Matcher.matchers.isRegex of type bool"})"},
      {R"({"id":5})", 400,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field .id of type string"})"},
      // Handler checks, in Alertmanager's order.
      {Body(kDisk, "2023-11-14T23:00:00Z", "2023-11-14T22:30:00Z"), 400,
       R"("Failed to create silence: start time must be before end time")" "\n"},
      {Body(kDisk, "2023-11-14T22:30:00Z", "2023-11-14T22:30:00Z"), 400,
       R"("Failed to create silence: start time must be before end time")" "\n"},
      {Body(kDisk, "2023-11-14T21:00:00Z", "2023-11-14T22:00:00Z"), 400,
       R"("Failed to create silence: end time can't be in the past")" "\n"},
      {Body(R"([{"name":"a","value":"","isRegex":false}])", "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z"),
       400, R"("invalid silence: at least one matcher must not match the empty string")" "\n"},
      {Body(R"([{"name":"a","value":"(","isRegex":true}])", "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z"),
       400,
       R"("invalid silence: invalid label matcher 0: invalid regular expression \"(\": error parsing regexp: missing closing ): `(`")" "\n"},
      {Body(kDisk, "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z", "2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d11"),
       404, R"("silence not found")" "\n"},
      {Body(kDisk, "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z", "xyz"), 404,
       R"("silence not found")" "\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    auto r = f.Post(c.body);
    REQUIRE(r);
    CHECK(r->status == c.status);
    CHECK(r->body == c.reply);
  }
  CHECK(f.silences().size() == 0);
  // A zero startsAt means now.
  auto r = f.Post(Body(kDisk, "0001-01-01T00:00:00Z", "2023-11-14T23:00:00Z"));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(f.silences().Get(kId1)->starts_at == kNow);
}

TEST_CASE("POST with an id: update in place or replace (spec 7.3, 16.17)") {
  Fixture f;
  REQUIRE(f.Post(Body(kDisk, "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z"))->status == 200);
  f.clock().Advance(10min);
  // amtool silence update: same matchers and startsAt, new endsAt -> same id.
  auto r = f.Post(Body(kDisk, "2023-11-14T22:13:20.000Z", "2023-11-15T00:00:00Z", kId1));
  CHECK(r->body == R"({"silenceID":")" + kId1 + R"("})" "\n");
  // Changing startsAt of an active silence -> new id; the old one is expired.
  r = f.Post(Body(kDisk, "2023-11-14T22:20:00Z", "2023-11-15T00:00:00Z", kId1));
  CHECK(r->body == R"({"silenceID":")" + kId2 + R"("})" "\n");
  r = f.Get("/api/v2/silence/" + kId1);
  CHECK(r->body.find(R"("status":{"state":"expired"})") != std::string::npos);
  CHECK(r->body.find(R"("endsAt":"2023-11-14T22:23:20.000Z")") != std::string::npos);
}

TEST_CASE("GET /silences: filter, state flags and order") {
  Fixture f;
  // id1 active until 23:00, id2 active until 22:30, id3 pending from 22:40.
  REQUIRE(f.Post(Body(kDisk, "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z"))->status == 200);
  REQUIRE(f.Post(Body(R"([{"name":"alertname","value":"Disk","isRegex":false},{"name":"dc","value":"eu","isRegex":false}])",
                      "2023-11-14T22:13:20Z", "2023-11-14T22:30:00Z"))
              ->status == 200);
  REQUIRE(f.Post(Body(R"([{"name":"job","value":"node.*","isRegex":true}])", "2023-11-14T22:40:00Z",
                      "2023-11-14T23:30:00Z"))
              ->status == 200);
  auto ids = [&](const std::string& query) {
    auto r = f.Get("/api/v2/silences" + query);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    std::string out;
    for (std::size_t p = r->body.find("\"id\":\""); p != std::string::npos;
         p = r->body.find("\"id\":\"", p + 1)) {
      out += r->body.substr(p + 41, 1);  // last digit of the id
    }
    return out;
  };
  CHECK(ids("") == "213");
  CHECK(ids("?filter=alertname%3D%22Disk%22") == "21");
  CHECK(ids("?filter=alertname%3D%22Disk%22&filter=dc%3Deu") == "2");
  CHECK(ids("?filter=alertname%3D~Disk") == "");
  CHECK(ids("?filter=job%3D~%22node.*%22") == "3");
  CHECK(ids("?pending=false") == "21");
  CHECK(ids("?active=false&expired=false") == "3");
  REQUIRE(f.Delete("/api/v2/silence/" + kId1)->status == 200);
  f.clock().Advance(1s);
  REQUIRE(f.Delete("/api/v2/silence/" + kId2)->status == 200);
  CHECK(ids("") == "321");  // expired: most recently ended first
  CHECK(ids("?expired=false") == "3");

  auto r = f.Get("/api/v2/silences?filter=bad");
  CHECK(r->status == 400);
  CHECK(r->body == R"("bad matcher format: bad")" "\n");
  CHECK(f.registry().Value("alertmanager_silences_query_errors_total") == 1);
  CHECK(f.registry().Value("alertmanager_silences_queries_total") == 10);
  CHECK(f.registry().Value("alertmanager_silences", {{"state", "expired"}}) == 2);
  CHECK(f.registry().Value("alertmanager_silences", {{"state", "pending"}}) == 1);
}

TEST_CASE("GET and DELETE /silence/{id}: 404 empty, 422 for a bad UUID, expire rules") {
  Fixture f;
  auto r = f.Get("/api/v2/silence/2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d11");
  CHECK(r->status == 404);
  CHECK(r->body.empty());
  r = f.Get("/api/v2/silence/xyz");
  CHECK(r->status == 422);
  CHECK(r->body == R"({"code":601,"message":"silenceID in path must be of type uuid: \"xyz\""})");
  r = f.Delete("/api/v2/silence/xyz");
  CHECK(r->status == 422);
  r = f.Delete("/api/v2/silence/2a7bd2ea-1f3c-4f7b-9c2c-4f0e7a7b9d11");
  CHECK(r->status == 404);  // 0.25 answered 500 "silence not found"; 0.26+ 404
  CHECK(r->body.empty());

  REQUIRE(f.Post(Body(kDisk, "2023-11-14T22:13:20Z", "2023-11-14T23:00:00Z"))->status == 200);
  REQUIRE(f.Post(Body(kDisk, "2023-11-14T22:30:00Z", "2023-11-14T23:00:00Z"))->status == 200);
  f.clock().Advance(1min);
  r = f.Delete("/api/v2/silence/" + kId1);
  CHECK(r->status == 200);
  CHECK(r->body.empty());
  CHECK(f.silences().Get(kId1)->ends_at == kNow + 1min);
  r = f.Delete("/api/v2/silence/" + kId1);  // already expired: still 200
  CHECK(r->status == 200);
  r = f.Delete("/api/v2/silence/" + kId2);  // pending: starts = ends = now
  CHECK(r->status == 200);
  CHECK(f.silences().Get(kId2)->starts_at == kNow + 1min);
  CHECK(f.silences().Get(kId2)->ends_at == kNow + 1min);
  CHECK(f.silences().MutedBy(LabelSet{{"alertname", "Disk"}}, kNow + 1min).empty());
}

}  // namespace
}  // namespace overlord::api
