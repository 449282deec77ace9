// SplicedBody: a large response body (GET /alerts at 100k alerts is ~80 MB) made of short
// text written here and views into a buffer it keeps alive, such as a SerializedAlerts.
// Each alert's JSON is sent from where it was serialized: nothing copies the whole body a
// second time, and the reply passes it to the socket through one small staging buffer.
//
//   auto alerts = std::make_shared<SerializedAlerts>(...);
//   SplicedBody body(alerts);
//   body.text() += '[';
//   body.AppendView(alerts->At(0));
//   body.text() += ']';
//   std::move(body).ReplyJson(res, 200);
#pragma once

#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace overlord::api {

class SplicedBody {
 public:
  explicit SplicedBody(std::shared_ptr<const void> owner) : owner_(std::move(owner)) {}

  // Where to append text of the body's own.
  std::string& text() { return text_; }
  // Appends `view`, which must point into the owner; it is not copied.
  void AppendView(std::string_view view);
  // Replies `status` with the body and a newline, as ReplyJson (API headers,
  // application/json, a Content-Length).
  void ReplyJson(httplib::Response& res, int status) &&;

 private:
  // A run of the body: `size` bytes at `external`, or at `offset` in text_ when it is null.
  struct Segment {
    const char* external;
    std::size_t offset;
    std::size_t size;
  };
  // Ends the run of text_ written since the last segment.
  void CloseText();

  std::shared_ptr<const void> owner_;
  std::string text_;
  std::size_t text_closed_ = 0;  // text_ before this offset is in segments_
  std::vector<Segment> segments_;
  std::size_t total_ = 0;
};

}  // namespace overlord::api
