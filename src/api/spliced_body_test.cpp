#include "api/spliced_body.h"

#include <doctest/doctest.h>

#include <string>

namespace overlord::api {
namespace {

// Reads the reply as cpp-httplib does: the provider is asked for the rest from `from` on,
// and each call writes at most `length` bytes.
std::string Read(const httplib::Response& res, std::size_t from, std::size_t length) {
  std::string got;
  httplib::DataSink sink;
  sink.write = [&](const char* data, std::size_t n) {
    got.append(data, n);
    return true;
  };
  std::size_t offset = from;
  for (int calls = 0; offset < res.content_length_ && calls < 100000; ++calls) {
    std::size_t before = got.size();
    REQUIRE(res.content_provider_(offset, std::min(length, res.content_length_ - offset), sink));
    REQUIRE(got.size() > before);
    offset += got.size() - before;
  }
  return got;
}

}  // namespace

TEST_CASE("a spliced body sends its text and views in order, with the trailing newline") {
  auto owner = std::make_shared<std::string>();
  for (int i = 0; i < 2000; ++i)
    *owner += "{\"n\":" + std::to_string(i) + std::string(300, 'x') + "}";
  SplicedBody body(owner);
  std::string expected = "[";
  body.text() += '[';
  std::size_t at = 0;
  for (int i = 0; i < 2000; ++i) {
    std::size_t end = owner->find('}', at) + 1;
    std::string_view piece = std::string_view(*owner).substr(at, end - at);
    if (i > 0) {
      body.text() += ',';
      expected += ',';
    }
    body.AppendView(piece);
    expected += piece;
    at = end;
  }
  body.AppendView({});  // nothing
  body.text() += "]";
  expected += "]\n";
  std::weak_ptr<std::string> alive = owner;
  owner.reset();

  httplib::Response res;
  std::move(body).ReplyJson(res, 200);
  CHECK(res.status == 200);
  CHECK(res.get_header_value("Cache-Control") == "no-store");
  REQUIRE(res.content_length_ == expected.size());
  CHECK_FALSE(alive.expired());  // the reply keeps the views' buffer

  SUBCASE("in one pass, through a staging buffer smaller than the body") {
    CHECK(Read(res, 0, expected.size()) == expected);
  }
  SUBCASE("in small writes that end inside pieces") { CHECK(Read(res, 0, 7) == expected); }
  SUBCASE("from the middle, as for a Range request, then from the start again") {
    std::size_t from = expected.size() / 3 + 5;
    CHECK(Read(res, from, 1000) == expected.substr(from));
    CHECK(Read(res, 0, 4096) == expected);
  }
}

TEST_CASE("a spliced body of text only") {
  SplicedBody body(nullptr);
  body.text() += "[]";
  httplib::Response res;
  std::move(body).ReplyJson(res, 200);
  CHECK(Read(res, 0, 100) == "[]\n");
}

}  // namespace overlord::api
