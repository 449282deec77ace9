// Result<T>: a value or an error message, never both (like absl::StatusOr).
//
//   Result<Duration> d = ParseDuration("5m");
//   if (!d.ok()) return d.error();
//   use(*d);
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace overlord {

struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}            // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const std::string& error() const { return std::get<Error>(v_).message; }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

// Status: success or an error message.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : message_(std::move(error.message)), ok_(false) {}  // NOLINT
  static Status Ok() { return {}; }

  bool ok() const { return ok_; }
  const std::string& error() const { return message_; }

 private:
  std::string message_;
  bool ok_ = true;
};

}  // namespace overlord
