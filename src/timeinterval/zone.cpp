#include "timeinterval/zone.h"

#include <algorithm>

#include "timeinterval/civil.h"

namespace overlord::timeinterval {
namespace {

// Big-endian reads with bounds checks; once a read fails every later read fails too.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  std::size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  std::string_view Take(std::size_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::uint64_t Unsigned(std::size_t width) {
    std::string_view bytes = Take(width);
    std::uint64_t v = 0;
    for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
  }
  std::int64_t Signed(std::size_t width) {
    std::uint64_t v = Unsigned(width);
    if (width < 8 && (v >> (width * 8 - 1)) != 0) v |= ~std::uint64_t{0} << (width * 8);
    return static_cast<std::int64_t>(v);
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

struct Header {
  char version = 0;
  std::uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;

  std::uint64_t DataSize(std::uint64_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

bool ReadHeader(Reader& r, Header* h) {
  if (r.Take(4) != "TZif") return false;
  std::string_view version = r.Take(1);
  r.Take(15);
  h->version = version.empty() ? 0 : version[0];
  for (std::uint64_t* count :
       {&h->isutcnt, &h->isstdcnt, &h->leapcnt, &h->timecnt, &h->typecnt, &h->charcnt}) {
    *count = r.Unsigned(4);
  }
  // Callers check DataSize() against the bytes left before allocating anything.
  return r.ok() && h->typecnt >= 1 && h->typecnt <= 256;
}

}  // namespace

Zone Zone::Utc() { return Zone("UTC"); }

Result<Zone> Zone::FromPosixTz(std::string name, std::string_view spec) {
  Result<PosixTz> tz = PosixTz::Parse(spec);
  if (!tz.ok()) return Error{tz.error()};
  Zone zone(std::move(name));
  zone.initial_offset_ = tz->UtcOffset(0);
  zone.footer_ = *tz;
  return zone;
}

Result<Zone> Zone::FromTzif(std::string name, std::string_view bytes) {
  const Error bad{"invalid time zone file for " + name};
  Reader r(bytes);
  Header h;
  if (!ReadHeader(r, &h)) return bad;
  std::size_t time_size = 4;
  if (h.version >= '2') {
    // Version 2+ repeats the data with 64-bit times; skip the 32-bit block.
    if (h.DataSize(4) > r.remaining()) return bad;
    r.Take(h.DataSize(4));
    if (!ReadHeader(r, &h)) return bad;
    time_size = 8;
  }
  if (h.DataSize(time_size) > r.remaining()) return bad;

  Zone zone(std::move(name));
  std::vector<std::int64_t> times(h.timecnt);
  for (auto& t : times) t = r.Signed(time_size);
  std::vector<std::uint8_t> type_of(h.timecnt);
  for (auto& i : type_of) {
    i = static_cast<std::uint8_t>(r.Unsigned(1));
    if (i >= h.typecnt) return bad;
  }
  std::vector<int> type_offsets(h.typecnt);
  for (auto& off : type_offsets) {
    std::int64_t utoff = r.Signed(4);
    r.Take(2);  // isdst, abbreviation index: not needed to compute wall time
    if (utoff <= -86400 * 2 || utoff >= 86400 * 2) return bad;
    off = static_cast<int>(utoff);
  }
  r.Take(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt);
  if (!r.ok() || !std::is_sorted(times.begin(), times.end())) return bad;

  zone.transitions_ = std::move(times);
  zone.offsets_.reserve(type_of.size());
  for (std::uint8_t i : type_of) zone.offsets_.push_back(type_offsets[i]);
  // RFC 8536: local time type 0 applies before the first transition.
  zone.initial_offset_ = type_offsets[0];

  if (time_size == 8 && r.remaining() > 0) {
    std::string_view rest = r.Take(r.remaining());
    std::size_t close = rest.find('\n', 1);
    if (rest[0] != '\n' || close == std::string_view::npos) return bad;
    std::string_view footer = rest.substr(1, close - 1);
    if (!footer.empty()) {
      Result<PosixTz> tz = PosixTz::Parse(footer);
      if (!tz.ok()) return bad;
      zone.footer_ = *tz;
    }
  }
  if (zone.transitions_.empty() && zone.footer_.has_value()) {
    zone.initial_offset_ = zone.footer_->UtcOffset(0);
  }
  return zone;
}

int Zone::UtcOffset(std::int64_t unix_seconds) const {
  if (transitions_.empty()) {
    return footer_.has_value() ? footer_->UtcOffset(unix_seconds) : initial_offset_;
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  if (it == transitions_.end() && footer_.has_value()) return footer_->UtcOffset(unix_seconds);
  return offsets_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

LocalTime Zone::ToLocal(Time t) const {
  const std::int64_t seconds = FloorDiv(ToUnixNanos(t), 1'000'000'000);
  LocalTime out;
  out.utc_offset = UtcOffset(seconds);
  const std::int64_t local = seconds + out.utc_offset;
  const std::int64_t days = FloorDiv(local, 86400);
  const std::int64_t second_of_day = local - days * 86400;
  const CivilDate date = CivilFromDays(days);
  out.year = date.year;
  out.month = date.month;
  out.day = date.day;
  out.hour = static_cast<int>(second_of_day / 3600);
  out.minute = static_cast<int>(second_of_day / 60 % 60);
  out.second = static_cast<int>(second_of_day % 60);
  out.weekday = WeekdayOfDays(days);
  return out;
}

}  // namespace overlord::timeinterval
