// Realistic alert payloads as Prometheus sends them: 9 labels, 2 annotations, startsAt
// fixed per series, endsAt moving forward on every re-send (now + 4m, like Prometheus'
// "valid until" of 4 evaluation intervals).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace bench {

using Labels = std::vector<std::pair<std::string, std::string>>;

// The 9 labels of series `i` of a data set named `set` (distinct sets give distinct
// alerts). Labels are sorted by name.
Labels SeriesLabels(const std::string& set, long i);

// RFC 3339 UTC with milliseconds, e.g. "2024-05-01T10:00:00.123Z".
std::string Rfc3339(std::chrono::system_clock::time_point t);

// One alert, pre-rendered around its endsAt so re-sending it costs a string append.
struct RenderedAlert {
  std::string head;  // ... "endsAt":"
  std::string tail;  // "}
};

RenderedAlert RenderAlert(const Labels& labels, const std::string& starts_at);

// Appends `[a0,a1,...]` with the given endsAt to `out`.
void AppendBatch(const std::vector<RenderedAlert>& alerts, size_t first, size_t count,
                 const std::string& ends_at, std::string& out);

// JSON string escaping for the few characters our labels may contain.
std::string JsonQuote(const std::string& s);

}  // namespace bench
