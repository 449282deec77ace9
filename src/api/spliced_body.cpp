#include "api/spliced_body.h"

#include <algorithm>

#include "api/http_util.h"

namespace overlord::api {
namespace {

constexpr std::size_t kStagingBytes = 256 * 1024;

// Where the next write starts. cpp-httplib asks for consecutive offsets, except for a Range
// request, which starts elsewhere once.
struct Cursor {
  std::size_t segment = 0;
  std::size_t within = 0;  // bytes of segments[segment] already sent
  std::size_t position = 0;
  std::string staging;
};

}  // namespace

void SplicedBody::CloseText() {
  if (text_.size() == text_closed_) return;
  const std::size_t size = text_.size() - text_closed_;
  segments_.push_back(Segment{nullptr, text_closed_, size});
  total_ += size;
  text_closed_ = text_.size();
}

void SplicedBody::AppendView(std::string_view view) {
  if (view.empty()) return;
  CloseText();
  segments_.push_back(Segment{view.data(), 0, view.size()});
  total_ += view.size();
}

void SplicedBody::ReplyJson(httplib::Response& res, int status) && {
  text_ += '\n';  // as ReplyJson
  CloseText();
  SetApiHeaders(res);
  res.status = status;
  // What the provider reads: shared, since cpp-httplib copies the provider.
  struct Body {
    std::shared_ptr<const void> owner;
    std::string text;
    std::vector<Segment> segments;
    std::string_view At(std::size_t i) const {
      const Segment& s = segments[i];
      return {s.external != nullptr ? s.external : text.data() + s.offset, s.size};
    }
  };
  auto body =
      std::make_shared<const Body>(Body{std::move(owner_), std::move(text_), std::move(segments_)});
  auto cursor = std::make_shared<Cursor>();
  res.set_content_provider(
      total_, "application/json",
      [body, cursor](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        Cursor& c = *cursor;
        if (offset != c.position) {  // a Range request: walk from the start
          c = Cursor{0, 0, 0, std::move(c.staging)};
          while (c.position + body->segments[c.segment].size <= offset) {
            c.position += body->segments[c.segment].size;
            ++c.segment;
          }
          c.within = offset - c.position;
          c.position = offset;
        }
        const std::size_t want = std::min(length, kStagingBytes);
        c.staging.clear();
        while (c.staging.size() < want && c.segment < body->segments.size()) {
          std::string_view rest = body->At(c.segment).substr(c.within);
          const std::size_t take = std::min(rest.size(), want - c.staging.size());
          c.staging.append(rest.data(), take);
          c.within += take;
          if (take == rest.size()) {
            ++c.segment;
            c.within = 0;
          }
        }
        c.position += c.staging.size();
        return sink.write(c.staging.data(), c.staging.size());
      });
}

}  // namespace overlord::api
