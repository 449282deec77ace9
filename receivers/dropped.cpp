#include "receivers/dropped.h"

namespace overlord {

SendResult DroppedIntegration::Send(const Notification&, Time) {
  SendResult result;
  result.error = type_ + " integration is not supported by Overlord; notification dropped";
  return result;
}

}  // namespace overlord
