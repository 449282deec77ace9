// DroppedIntegration: stands in for an integration Overlord parses but cannot send to
// (email, telegram, ...). Every Send fails without retry, so the dispatcher counts the
// notification as failed and logs why instead of losing it silently.
#pragma once

#include <string>

#include "receivers/integration.h"

namespace overlord {

class DroppedIntegration final : public Integration {
 public:
  DroppedIntegration(std::string type, int index, bool send_resolved)
      : type_(std::move(type)), index_(index), send_resolved_(send_resolved) {}

  std::string_view type() const override { return type_; }
  int index() const override { return index_; }
  bool send_resolved() const override { return send_resolved_; }

  // ok=false, retryable=false: "<type> integration is not supported by Overlord;
  // notification dropped".
  SendResult Send(const Notification& notification, Time deadline) override;

 private:
  std::string type_;
  int index_;
  bool send_resolved_;
};

}  // namespace overlord
