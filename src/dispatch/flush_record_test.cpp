#include "dispatch/flush_record.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("flush record: one log line") {
  FlushRecord r;
  r.group_key = "{}:{alertname=\"A\"}";
  r.receiver = "team";
  r.integration = "webhook[0]";
  r.decision = FlushDecision::kFailed;
  r.reason = "new alerts added";
  r.error = "team/webhook[0]: notify retry canceled after 3 attempts: boom";
  r.attempts = 3;
  r.firing = 2;
  CHECK(FormatFlushRecord(r) ==
        "group_key=\"{}:{alertname=\\\"A\\\"}\" receiver=\"team\" integration=webhook[0] "
        "decision=failed reason=\"new alerts added\" attempts=3 firing=2 resolved=0 "
        "err=\"team/webhook[0]: notify retry canceled after 3 attempts: boom\"");

  FlushRecord s;
  s.group_key = "{}:{}";
  s.receiver = "null";
  s.reason = "skipped: nothing changed";
  CHECK(
      FormatFlushRecord(s) ==
      "group_key=\"{}:{}\" receiver=\"null\" decision=skipped reason=\"skipped: nothing changed\"");
}

}  // namespace
}  // namespace overlord
