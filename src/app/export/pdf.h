// Printable documents as PDF, typeset by Pango on Cairo with the Noto CJK
// fonts (Debian: libpango1.0-dev, libcairo2-dev, fonts-noto-cjk): a title,
// headings, paragraphs and tables that break across A4 pages with their
// header row repeated, and a footer with the page number. Shared: water
// quality's disclosure table uses it, the daily briefing can too.
//
//   pdf::Document doc{.title = "水质公告", .subtitle = "2020年1月"};
//   doc.blocks.push_back(pdf::Heading{"第二水厂 出厂水"});
//   doc.blocks.push_back(pdf::Table{{{"指标", 40}, {"限值", 30, true}}, rows});
//   LL_TRY(std::string bytes, pdf::render(doc));
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/result.h"

namespace lifeline::app::pdf {

struct Heading {
  std::string text;
};
struct Paragraph {
  std::string text;
  bool small = false;
};
struct Column {
  std::string title;
  double width_mm = 30;
  bool right = false;  // numbers
};
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> marked;  // rows to print in red (a failed limit), may be shorter than rows
};
using Block = std::variant<Heading, Paragraph, Table>;

struct Document {
  std::string title, subtitle, footer;
  bool landscape = false;
  std::vector<Block> blocks;
};

// The PDF's bytes; an error when Cairo cannot write it.
Result<std::string> render(const Document& doc);

}  // namespace lifeline::app::pdf
