#include "sheets/table.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include <string>

namespace lifeline::sheets {
namespace {

Table must_read(std::string_view bytes, std::string_view name = "t.csv") {
  auto r = read_table(bytes, name);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Table{};
}

std::string error_of(std::string_view bytes, std::string_view name) {
  auto r = read_table(bytes, name);
  EXPECT_FALSE(r.ok());
  return r.ok() ? std::string() : r.error().message;
}

std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// A zip archive holding the given members (stored with deflate).
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : members) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_int64_t index = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string out;
  zip_stat_t st;
  zip_source_stat(buffer, &st);
  out.resize(st.size);
  zip_source_open(buffer);
  zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

constexpr const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId7"/></sheets></workbook>)";
constexpr const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>)";

TEST(ReadCsv, QuotingLineEndsAndBom) {
  const std::string csv =
      "\xEF\xBB\xBF工号,姓名,备注\r\n"
      "1001,张三,\"含,逗号\"\r\n"
      "\r\n"
      "1002, 李四 ,\"两行\r\n备注\"\r\n"
      "1003,\"王\"\"五\"\"\",\n"
      "1004,赵六";
  Table t = must_read(csv);
  ASSERT_EQ(t.header, (std::vector<std::string>{"工号", "姓名", "备注"}));
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0][2], "含,逗号");
  EXPECT_EQ(t.rows[1][1], "李四");  // trimmed
  EXPECT_EQ(t.rows[1][2], "两行\r\n备注");
  EXPECT_EQ(t.rows[2][1], "王\"五\"");
  EXPECT_EQ(t.rows[3], (std::vector<std::string>{"1004", "赵六", ""}));  // padded to the header
  EXPECT_EQ(t.lines, (std::vector<int>{2, 4, 6, 7}));                      // blank line 3 skipped
}

TEST(ReadCsv, SemicolonsTabsAndWideRows) {
  Table t = must_read("a;b\n1;2;3\n");
  ASSERT_EQ(t.header.size(), 3u);
  EXPECT_EQ(t.header[2], "");
  EXPECT_EQ(t.rows[0][2], "3");
  Table tabs = must_read("a\tb\n1\t2\n");
  EXPECT_EQ(tabs.rows[0][1], "2");
}

TEST(ReadCsv, Gb18030FromChineseExcel) {
  std::string gb = to_gb18030("工号,姓名,部门\n1001,张三,第八水厂\n");
  ASSERT_NE(gb.find('\xB9'), std::string::npos);  // really not UTF-8
  Table t = must_read(gb, "staff.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.header[2], "部门");
  EXPECT_EQ(t.rows[0][2], "第八水厂");
}

TEST(ReadCsv, Utf16WithBom) {
  std::string text = "\xFF\xFE";
  for (char c : std::string("a\tb\r\n1\t2\r\n")) {
    text += c;
    text += '\0';
  }
  Table t = must_read(text);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][1], "2");
}

TEST(ReadCsv, MalformedInputsNameFileAndLine) {
  EXPECT_EQ(error_of("a,b\n1,2\n3,\"open\n4,5\n", "staff.csv"), "staff.csv line 3: unterminated quote");
  EXPECT_EQ(error_of("", "empty.csv"), "empty.csv: the file is empty (no header row)");
  EXPECT_EQ(error_of(" \r\n,,\r\n", "blank.csv"), "blank.csv: the file is empty (no header row)");
  EXPECT_NE(error_of(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "old.xls").find(".xlsx"),
            std::string::npos);
  // Bytes that are neither UTF-8 nor GB18030 (0xFF never starts a GB18030 character).
  EXPECT_NE(error_of("a,b\n\xFF\xFF,1\n", "bin.csv").find("GB18030"), std::string::npos);
  EXPECT_EQ(error_of(std::string("a,b\n1,\0\n", 8), "nul.csv"), "nul.csv line 2: a NUL character (is this a text file?)");
}

TEST(ReadCsv, RowLimit) {
  std::string csv = "a\n";
  csv.reserve(kMaxRows * 3 + 10);
  for (size_t i = 0; i <= kMaxRows; ++i) csv += "1\n";
  EXPECT_NE(error_of(csv, "big.csv").find("more than 200000 rows"), std::string::npos);
  csv.resize(csv.size() - 2);  // exactly the limit
  EXPECT_EQ(must_read(csv).rows.size(), kMaxRows);
}

TEST(Xlsx, RoundTripWriteThenRead) {
  Sheet s;
  s.name = "职工花名册/2020:一月[测试]超长的名字超长的名字超长的名字超长的名字";
  s.header = {"工号", "姓名", "体温", "空"};
  s.rows.push_back({std::string("0012"), std::string("张三"), 37.3, std::monostate{}});
  s.rows.push_back({std::string("1002"), std::string("李四 "), 36.0, std::string("x")});
  s.rows.push_back({std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}});
  s.rows.push_back({13812345678.0, std::string("王五"), std::string(""), std::string("")});
  Sheet second;
  second.name = "Sheet2";
  second.header = {"ignored"};
  auto bytes = write_xlsx({s, second});
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_TRUE(bytes->starts_with("PK"));
  Table t = must_read(*bytes, "book.xlsx");
  EXPECT_EQ(t.header, (std::vector<std::string>{"工号", "姓名", "体温", "空"}));
  ASSERT_EQ(t.rows.size(), 3u);  // the empty row is skipped
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"0012", "张三", "37.3", ""}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"1002", "李四", "36", "x"}));
  EXPECT_EQ(t.rows[2][0], "13812345678");
  EXPECT_EQ(t.lines, (std::vector<int>{2, 3, 5}));
}

TEST(Xlsx, SharedRichInlineBooleansAndSparseCells) {
  const std::string sst =
      R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3">)"
      R"(<si><t>工号</t></si><si><r><rPr><b/></rPr><t>姓</t></r><r><t xml:space="preserve"> </t></r><r><t>名</t></r><rPh><t>せい</t></rPh></si>)"
      R"(<si><t>关键岗位</t></si></sst>)";
  const std::string sheet =
      R"(<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>)"
      R"(<row r="7"><c r="A7"><v>1.001E3</v></c><c r="B7" t="inlineStr"><is><t>赵六</t></is></c><c r="D7" t="b"><v>1</v></c></row>)"
      R"(<row r="8"><c r="D8" t="str"><v>否</v></c><c r="A8"><v>36.6</v></c></row>)"
      R"(</sheetData></worksheet>)";
  auto zip = make_zip({{"xl/workbook.xml", kWorkbook},
                       {"xl/_rels/workbook.xml.rels", kRels},
                       {"xl/sharedStrings.xml", sst},
                       {"xl/worksheets/data.xml", sheet}});
  Table t = must_read(zip, "hr.xlsx");
  EXPECT_EQ(t.header, (std::vector<std::string>{"工号", "姓 名", "", "关键岗位"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"1001", "赵六", "", "TRUE"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"36.6", "", "", "否"}));
  EXPECT_EQ(t.lines, (std::vector<int>{7, 8}));
}

TEST(Xlsx, MalformedArchives) {
  EXPECT_EQ(error_of(make_zip({{"word/document.xml", "<w/>"}}), "staff.xlsx"),
            "staff.xlsx: not a spreadsheet (no xl/workbook.xml)");
  EXPECT_NE(error_of(std::string("PK\x03\x04garbage-that-is-no-zip", 26), "junk.xlsx").find("not a spreadsheet"),
            std::string::npos);
  auto good = write_xlsx({Sheet{"a", {"x"}, {{std::string("1")}}}});
  ASSERT_TRUE(good.ok());
  EXPECT_NE(error_of(good->substr(0, good->size() / 2), "cut.xlsx").find("not a spreadsheet"), std::string::npos);
  auto bad_xml = make_zip({{"xl/workbook.xml", kWorkbook},
                           {"xl/_rels/workbook.xml.rels", kRels},
                           {"xl/worksheets/data.xml", "<worksheet><sheetData><row><c>"}});
  EXPECT_NE(error_of(bad_xml, "bad.xlsx").find("bad.xlsx: not a spreadsheet (the first sheet"), std::string::npos);
  auto missing_string = make_zip({{"xl/workbook.xml", kWorkbook},
                                  {"xl/_rels/workbook.xml.rels", kRels},
                                  {"xl/worksheets/data.xml",
                                   R"(<worksheet><sheetData><row r="3"><c r="A3" t="s"><v>9</v></c></row></sheetData></worksheet>)"}});
  EXPECT_EQ(error_of(missing_string, "s.xlsx"), "s.xlsx line 3: a cell refers to a missing shared string");
}

TEST(Xlsx, ZipBombIsRefused) {
  // Highly compressible: a few hundred kB packed, more than the unpacked limit.
  std::string sheet = "<worksheet><sheetData>" + std::string(kMaxXlsxBytes + 1024, ' ') + "</sheetData></worksheet>";
  auto zip = make_zip({{"xl/workbook.xml", kWorkbook},
                       {"xl/_rels/workbook.xml.rels", kRels},
                       {"xl/worksheets/data.xml", sheet}});
  sheet.clear();
  sheet.shrink_to_fit();
  EXPECT_LT(zip.size(), 1u << 20);
  EXPECT_NE(error_of(zip, "bomb.xlsx").find("bomb.xlsx: unpacks to more than 64 MB"), std::string::npos);
}


// A workbook whose shared string 0 and inline cell A2 hold `inner`.
std::string workbook_with(const std::string& shared_inner, const std::string& inline_inner) {
  const std::string sst = R"(<sst><si>)" + shared_inner + R"(</si></sst>)";
  const std::string sheet = R"(<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>)"
                            R"(<row r="2"><c r="A2" t="inlineStr"><is>)" + inline_inner + R"(</is></c></row>)"
                            R"(</sheetData></worksheet>)";
  return make_zip({{"xl/workbook.xml", kWorkbook},
                   {"xl/_rels/workbook.xml.rels", kRels},
                   {"xl/sharedStrings.xml", sst},
                   {"xl/worksheets/data.xml", sheet}});
}

std::string nested_runs(size_t depth, const std::string& text) {
  std::string s;
  s.reserve(depth * 7 + text.size() + 16);
  for (size_t i = 0; i < depth; ++i) s += "<r>";
  s += "<t>" + text + "</t>";
  for (size_t i = 0; i < depth; ++i) s += "</r>";
  return s;
}

TEST(Xlsx, AnyNestingOfSharedAndInlineStringsIsReadWithoutRecursion) {
  // The issue's crash: 200,000 levels inside <si>; the walk used to recurse once per level.
  for (size_t depth : {size_t{3}, size_t{200000}, size_t{1000000}}) {
    Table t = must_read(workbook_with(nested_runs(depth, "工号") + "<t>A</t>", nested_runs(depth, "1001")), "deep.xlsx");
    EXPECT_EQ(t.header, std::vector<std::string>{"工号A"}) << depth;
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0][0], "1001");
  }
}

TEST(Xlsx, NulCharactersAreRefusedWithPartAndLine) {
  EXPECT_EQ(error_of(workbook_with("<t>a&#0;b</t>", "<t>x</t>"), "nul.xlsx"),
            "nul.xlsx: xl/sharedStrings.xml line 1: a NUL character");
  EXPECT_EQ(error_of(workbook_with("<t>a</t>", "<t>\n&#x000;</t>"), "nul.xlsx"),
            "nul.xlsx: the first sheet xl/worksheets/data.xml line 2: a NUL character");
  EXPECT_EQ(error_of(workbook_with(std::string("<t>a\0</t>", 9), "<t>x</t>"), "nul.xlsx"),
            "nul.xlsx: xl/sharedStrings.xml line 1: a NUL character");
  // Other character references are text.
  EXPECT_EQ(must_read(workbook_with("<t>&#20320;&#x597d;&#10;</t>", "<t>x</t>"), "ok.xlsx").header[0], "你好");
}

TEST(Xlsx, ALongSharedStringRepeatedInEveryCellIsRefused) {
  // 1 MB of text named by 100 cells: 100 MB of cells from a 1 MB workbook.
  std::string row;
  for (int c = 0; c < 100; ++c) row += R"(<c t="s"><v>0</v></c>)";
  const std::string sst = "<sst><si><t>" + std::string(1 << 20, 'x') + "</t></si></sst>";
  auto zip = make_zip({{"xl/workbook.xml", kWorkbook},
                       {"xl/_rels/workbook.xml.rels", kRels},
                       {"xl/sharedStrings.xml", sst},
                       {"xl/worksheets/data.xml", "<worksheet><sheetData><row r=\"1\">" + row + "</row></sheetData></worksheet>"}});
  EXPECT_EQ(error_of(zip, "copies.xlsx"),
            "copies.xlsx line 1: the cells hold more than 64 MB of text (too large, or not a real spreadsheet)");
}

}  // namespace
}  // namespace lifeline::sheets
