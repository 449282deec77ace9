// SharedBytes: immutable bytes whose copies share one allocation, in a handle one pointer
// wide.
//
// Alerts are held by the hundred thousand, each in the store and in every aggregation group
// it belongs to, and each holds three such blocks (labels, annotations, generator URL).
// std::shared_ptr would make every handle two pointers (plus a length beside it) and put a
// control block in front of every allocation; here the count, the length and one spare word
// sit in a 16-byte header before the bytes:
//
//   SharedBytes b = SharedBytes::Build(5, [](char* out) { std::memcpy(out, "hello", 5); });
//   SharedBytes copy = b;  // shares the bytes; b.view() == copy.view() == "hello"
//
// The bytes are written once, by Build's `fill`, before any copy exists; after that nothing
// writes them, so copies may be used from several threads. The spare word (aux) is for a
// value computed from the bytes, such as a hash, which racing threads store alike.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace overlord {

class SharedBytes {
 public:
  SharedBytes() = default;
  SharedBytes(const SharedBytes& other) noexcept : block_(other.block_) { Ref(); }
  SharedBytes(SharedBytes&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  SharedBytes& operator=(const SharedBytes& other) noexcept {
    SharedBytes copy(other);
    std::swap(block_, copy.block_);
    return *this;
  }
  SharedBytes& operator=(SharedBytes&& other) noexcept {
    SharedBytes taken(std::move(other));
    std::swap(block_, taken.block_);
    return *this;
  }
  ~SharedBytes() { Unref(); }

  // A block of `size` bytes written by `fill(char* out)`; empty (no allocation) when size
  // is 0. Throws std::length_error above 4 GiB.
  template <typename Fill>
  static SharedBytes Build(std::size_t size, Fill&& fill) {
    SharedBytes b;
    if (size == 0) return b;
    b.block_ = Allocate(size);
    fill(b.mutable_data());
    return b;
  }
  static SharedBytes Copy(std::string_view bytes);

  const char* data() const { return block_ == nullptr ? nullptr : Bytes(block_); }
  std::size_t size() const { return block_ == nullptr ? 0 : block_->size; }
  bool empty() const { return block_ == nullptr; }
  std::string_view view() const { return {data(), size()}; }

  // The spare word, 0 in a new block; only for values derived from the bytes. Requires a
  // non-empty block.
  std::atomic_ref<std::uint64_t> aux() const { return std::atomic_ref<std::uint64_t>(block_->aux); }

  // Asks the CPU to start loading the block's first bytes, for walks that will read many
  // blocks scattered in memory. Reads nothing.
  void Prefetch() const {
    if (block_ != nullptr) __builtin_prefetch(block_);
  }

  // True when both share one allocation (or are both empty).
  bool SharesWith(const SharedBytes& other) const { return block_ == other.block_; }

 private:
  struct Header {
    std::atomic<std::uint32_t> refs;
    std::uint32_t size;
    std::uint64_t aux;  // written only through atomic_ref
  };
  static_assert(sizeof(Header) == 16);

  static Header* Allocate(std::size_t size);
  static void Release(Header* block);
  static char* Bytes(Header* block) { return reinterpret_cast<char*>(block + 1); }
  char* mutable_data() { return Bytes(block_); }

  void Ref() const {
    if (block_ != nullptr) block_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void Unref() {
    // acq_rel: every copy's reads of the bytes happen before the block is freed.
    if (block_ != nullptr && block_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      Release(block_);
    }
  }

  Header* block_ = nullptr;
};

}  // namespace overlord
