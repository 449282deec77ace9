#include "cli/tab_writer.h"

#include <algorithm>

namespace overlord::cli {
namespace {
constexpr std::size_t kPadding = 2;
}

std::size_t Utf8Width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string TabWriter::Render() const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], Utf8Width(row[i]));
  }
  std::string out;
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      out.append(widths[i] + kPadding - Utf8Width(row[i]), ' ');
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace overlord::cli
