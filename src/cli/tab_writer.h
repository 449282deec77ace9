// TabWriter: aligned text columns as amtool prints them (Go's text/tabwriter with
// minwidth 0, padding 2, pad char ' ', no flags).
//
// Every cell is tab-terminated in amtool's output, so every cell, the last one included, is
// padded to its column width + 2 and lines carry trailing spaces. Widths count UTF-8 code
// points, as Go does.
//
//   TabWriter w;
//   w.AddRow({"ID", "Matchers"});
//   w.AddRow({"1", "a=\"b\""});
//   std::string text = w.Render();  // "ID  Matchers  \n1   a=\"b\"     \n"
//
// Contract: all rows have the same number of cells (Go's column blocks then coincide with
// whole columns).
#pragma once

#include <string>
#include <vector>

namespace overlord::cli {

class TabWriter {
 public:
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string Render() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// Code points in a UTF-8 string (bytes that start no code point are not counted).
std::size_t Utf8Width(const std::string& text);

}  // namespace overlord::cli
