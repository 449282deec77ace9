#include "model/shared_bytes.h"

#include <cstring>
#include <limits>
#include <memory>
#include <stdexcept>

namespace overlord {
namespace {

// Headers, then the bytes, in whole headers: one allocation, and the bytes start aligned.
std::size_t HeadersFor(std::size_t size) { return 1 + (size + 15) / 16; }

}  // namespace

SharedBytes::Header* SharedBytes::Allocate(std::size_t size) {
  if (size > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("SharedBytes: block over 4 GiB");
  }
  Header* block = std::allocator<Header>().allocate(HeadersFor(size));
  std::construct_at(block);
  block->refs.store(1, std::memory_order_relaxed);
  block->size = static_cast<std::uint32_t>(size);
  block->aux = 0;
  return block;
}

void SharedBytes::Release(Header* block) {
  const std::size_t headers = HeadersFor(block->size);
  std::destroy_at(block);
  std::allocator<Header>().deallocate(block, headers);
}

SharedBytes SharedBytes::Copy(std::string_view bytes) {
  return Build(bytes.size(), [bytes](char* out) { std::memcpy(out, bytes.data(), bytes.size()); });
}

}  // namespace overlord
