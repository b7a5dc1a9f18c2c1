#include "sheets/table.h"

#include <iconv.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <sstream>

#include "core/utf8.h"

namespace lifeline::sheets {

namespace {

// ---------------------------------------------------------------- text

// Converts `in` from `from` to UTF-8; nullopt when the bytes are not valid in `from`.
std::optional<std::string> to_utf8(std::string_view in, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t done = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = out.data() + done;
    size_t dst_left = out.size() - done;
    size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    done = out.size() - dst_left;
    if (rc == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      ok = false;  // EILSEQ or EINVAL (truncated sequence)
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(done);
  return out;
}

bool is_space_at(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
    len = 1;
    return true;
  }
  // U+00A0 no-break space, U+3000 ideographic space, U+FEFF zero-width no-break space.
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    len = 2;
    return true;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) {
    len = 3;
    return true;
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF) {
    len = 3;
    return true;
  }
  return false;
}

std::string trim(std::string_view s) {
  size_t b = 0, len = 0;
  while (b < s.size() && is_space_at(s, b, len)) b += len;
  size_t e = s.size();
  while (e > b) {
    // Step back over one (possibly multi-byte) space.
    bool stepped = false;
    for (size_t k : {size_t{1}, size_t{2}, size_t{3}}) {
      if (e >= b + k && is_space_at(s, e - k, len) && len == k) {
        e -= k;
        stepped = true;
        break;
      }
    }
    if (!stepped) break;
  }
  return std::string(s.substr(b, e - b));
}

Error file_error(std::string_view file, std::string message) {
  return Error::invalid(std::string(file), std::move(message));
}
// The line of byte `pos` in `text` (1-based).
int line_at(std::string_view text, size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

Error line_error(std::string_view file, int line, std::string message) {
  return Error::invalid(std::string(file) + " line " + std::to_string(line), std::move(message));
}

// ---------------------------------------------------------------- table assembly

struct RawRow {
  int line = 0;
  std::vector<std::string> cells;
};

Result<Table> assemble(std::vector<RawRow> raw, std::string_view file) {
  Table t;
  bool have_header = false;
  for (auto& r : raw) {
    bool blank = true;
    for (auto& c : r.cells) {
      c = trim(c);
      if (!c.empty()) blank = false;
    }
    if (blank) continue;
    while (!r.cells.empty() && r.cells.back().empty()) r.cells.pop_back();
    if (r.cells.size() > kMaxColumns)
      return line_error(file, r.line, "more than " + std::to_string(kMaxColumns) + " columns");
    if (!have_header) {
      t.header = std::move(r.cells);
      have_header = true;
      continue;
    }
    if (t.rows.size() >= kMaxRows)
      return file_error(file, "more than " + std::to_string(kMaxRows) + " rows (split the file)");
    if (r.cells.size() > t.header.size()) t.header.resize(r.cells.size());
    t.rows.push_back(std::move(r.cells));
    t.lines.push_back(r.line);
  }
  if (!have_header) return file_error(file, "the file is empty (no header row)");
  for (auto& row : t.rows) row.resize(t.header.size());
  return t;
}

// ---------------------------------------------------------------- CSV

char sniff_delimiter(std::string_view text) {
  size_t counts[3] = {0, 0, 0};
  const char cands[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int i = 0; i < 3; ++i)
      if (c == cands[i]) ++counts[i];
  }
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (counts[i] > counts[best]) best = i;
  return cands[best];
}

Result<Table> read_csv(std::string_view bytes, std::string_view file) {
  if (bytes.size() > kMaxCsvBytes)
    return file_error(file, "larger than " + std::to_string(kMaxCsvBytes >> 20) + " MB (split the file)");
  std::string converted;
  std::string_view text = bytes;
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    auto u = to_utf8(text.substr(2), text[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE");
    if (!u) return file_error(file, "not valid UTF-16 text");
    converted = std::move(*u);
    text = converted;
  } else if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
    if (!valid_utf8(text)) return file_error(file, "not valid UTF-8 text (the file starts with a UTF-8 BOM)");
  } else if (!valid_utf8(text)) {
    auto u = to_utf8(text, "GB18030");
    if (!u) return file_error(file, "neither UTF-8 nor GB18030 text (save the file as CSV UTF-8)");
    converted = std::move(*u);
    text = converted;
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    return line_error(file, line_at(text, nul), "a NUL character (is this a text file?)");

  const char delim = sniff_delimiter(text);
  std::vector<RawRow> raw;
  RawRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  size_t i = 0;
  const size_t n = text.size();
  bool row_open = false;  // something was read on this record
  while (i < n) {
    char c = text[i];
    if (c == '"' && cell.empty()) {
      // A quoted field: up to the closing quote, "" is a quote, newlines allowed.
      const int start_line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        size_t q = text.find('"', i);
        if (q == std::string_view::npos) break;
        for (size_t k = i; k < q; ++k) {
          if (text[k] == '\n' || (text[k] == '\r' && !(k + 1 < n && text[k + 1] == '\n'))) ++line;
        }
        cell.append(text.substr(i, q - i));
        if (q + 1 < n && text[q + 1] == '"') {
          cell += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) return line_error(file, start_line, "unterminated quote");
      row_open = true;
      continue;  // text after the closing quote is kept as is (lenient, like Excel)
    }
    if (c == delim) {
      row.cells.push_back(std::move(cell));
      cell.clear();
      row_open = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      row.cells.push_back(std::move(cell));
      cell.clear();
      raw.push_back(std::move(row));
      if (raw.size() > kMaxRows + 1000)
        return file_error(file, "more than " + std::to_string(kMaxRows) + " rows (split the file)");
      row = RawRow{};
      ++line;
      row.line = line;
      row_open = false;
      continue;
    }
    // A run of plain characters up to the next delimiter or line end.
    size_t j = i + 1;
    while (j < n && text[j] != delim && text[j] != '\r' && text[j] != '\n') ++j;
    cell.append(text.substr(i, j - i));
    row_open = true;
    i = j;
  }
  if (row_open || !cell.empty()) {
    row.cells.push_back(std::move(cell));
    raw.push_back(std::move(row));
  }
  return assemble(std::move(raw), file);
}

// ---------------------------------------------------------------- XLSX

std::string_view local_name(const char* name) {
  std::string_view s(name);
  auto colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (auto c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
  return {};
}

// All text of <t> elements below `node` in document order, skipping phonetic
// runs (<rPh>). Iterative: a file may nest elements as deep as it likes
// (pugixml parses without recursion too).
void collect_text(pugi::xml_node node, std::string& out) {
  pugi::xml_node c = node.first_child();
  while (c) {
    bool descend = false;
    if (c.type() == pugi::node_element) {
      auto n = local_name(c.name());
      if (n == "t") out += c.child_value();
      else descend = n != "rPh" && n != "phoneticPr";
    }
    if (descend && c.first_child()) {
      c = c.first_child();
      continue;
    }
    while (c != node && !c.next_sibling()) c = c.parent();
    if (c == node) break;
    c = c.next_sibling();
  }
}

// XML has no NUL character, but pugixml would cut a value short at a raw NUL
// byte or at "&#0;" / "&#x0;" (PostgreSQL cannot store it either): refused,
// with the part and its line.
std::optional<size_t> nul_in_xml(std::string_view xml) {
  if (auto raw = xml.find('\0'); raw != std::string_view::npos) return raw;
  for (size_t at = xml.find("&#"); at != std::string_view::npos; at = xml.find("&#", at + 2)) {
    size_t i = at + 2;
    const bool hex = i < xml.size() && (xml[i] == 'x' || xml[i] == 'X');
    if (hex) ++i;
    size_t digits = i;
    while (i < xml.size() && xml[i] == '0') ++i;
    if (i > digits && i < xml.size() && xml[i] == ';') return at;
  }
  return std::nullopt;
}

struct Zip {
  zip_t* archive = nullptr;
  ~Zip() {
    if (archive) zip_discard(archive);
  }
};

class XlsxReader {
 public:
  XlsxReader(std::string_view bytes, std::string_view file) : bytes_(bytes), file_(file) {}

  Result<Table> read() {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &err);
    if (!src) {
      zip_error_fini(&err);
      return file_error(file_, "not a spreadsheet (cannot read the archive)");
    }
    zip_.archive = zip_open_from_source(src, ZIP_RDONLY, &err);
    zip_error_fini(&err);
    if (!zip_.archive) {
      zip_source_free(src);
      return file_error(file_, "not a spreadsheet (a damaged or unsupported zip archive)");
    }
    LL_TRY(auto workbook, part("xl/workbook.xml"));
    if (!workbook) return file_error(file_, "not a spreadsheet (no xl/workbook.xml)");
    LL_TRY(std::string sheet_path, first_sheet(*workbook));
    LL_CHECK(load_shared_strings());
    LL_TRY(auto sheet, part(sheet_path));
    if (!sheet) return file_error(file_, "not a spreadsheet (no " + sheet_path + ")");
    return read_sheet(*sheet, sheet_path);
  }

 private:
  // An archive member's bytes; nullopt when absent. Counts against the unpacked-size budget.
  Result<std::optional<std::string>> part(const std::string& name) {
    zip_int64_t index = zip_name_locate(zip_.archive, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::optional<std::string>();
    zip_file_t* f = zip_fopen_index(zip_.archive, static_cast<zip_uint64_t>(index), 0);
    if (!f) return file_error(file_, "not a spreadsheet (cannot unpack " + name + ")");
    std::string out;
    char buf[65536];
    while (true) {
      zip_int64_t got = zip_fread(f, buf, sizeof buf);
      if (got < 0) {
        zip_fclose(f);
        return file_error(file_, "not a spreadsheet (damaged member " + name + ")");
      }
      if (got == 0) break;
      unpacked_ += static_cast<size_t>(got);
      if (unpacked_ > kMaxXlsxBytes) {
        zip_fclose(f);
        return file_error(file_, "unpacks to more than " + std::to_string(kMaxXlsxBytes >> 20) +
                                     " MB (too large, or not a real spreadsheet)");
      }
      out.append(buf, static_cast<size_t>(got));
    }
    zip_fclose(f);
    return std::optional<std::string>(std::move(out));
  }

  Result<pugi::xml_document> parse(const std::string& text, const std::string& name) {
    if (auto nul = nul_in_xml(text))
      return file_error(file_, name + " line " + std::to_string(line_at(text, *nul)) + ": a NUL character");
    // Read as UTF-8 whatever it declares; other bytes would reach the database as they are.
    if (!valid_utf8(text)) return file_error(file_, "not a spreadsheet (" + name + " is not UTF-8 text)");
    pugi::xml_document doc;
    auto r = doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                           pugi::encoding_utf8);
    if (!r) return file_error(file_, "not a spreadsheet (" + name + ": " + r.description() + ")");
    return doc;
  }

  Result<std::string> first_sheet(const std::string& workbook_xml) {
    LL_TRY(auto doc, parse(workbook_xml, "xl/workbook.xml"));
    auto sheets = child(child(doc, "workbook"), "sheets");
    auto sheet = child(sheets, "sheet");
    const std::string fallback = "xl/worksheets/sheet1.xml";
    if (!sheet) return file_error(file_, "the workbook has no sheets");
    std::string rid;
    for (auto a = sheet.first_attribute(); a; a = a.next_attribute()) {
      std::string_view n(a.name());
      if (n != "id" && n.ends_with(":id")) rid = a.value();
    }
    LL_TRY(auto rels_text, part("xl/_rels/workbook.xml.rels"));
    if (rid.empty() || !rels_text) return fallback;
    LL_TRY(auto rels, parse(*rels_text, "xl/_rels/workbook.xml.rels"));
    for (auto r = child(rels, "Relationships").first_child(); r; r = r.next_sibling()) {
      if (r.type() != pugi::node_element || rid != r.attribute("Id").value()) continue;
      std::string target = r.attribute("Target").value();
      if (target.empty()) return fallback;
      if (target[0] == '/') return target.substr(1);
      // Relative to xl/; resolve "../" once.
      std::string base = "xl/";
      while (target.starts_with("../")) {
        target = target.substr(3);
        base.clear();
      }
      return base + target;
    }
    return fallback;
  }

  Status load_shared_strings() {
    LL_TRY(auto text, part("xl/sharedStrings.xml"));
    if (!text) return {};
    LL_TRY(auto doc, parse(*text, "xl/sharedStrings.xml"));
    for (auto si = child(doc, "sst").first_child(); si; si = si.next_sibling()) {
      if (si.type() != pugi::node_element || local_name(si.name()) != "si") continue;
      std::string s;
      collect_text(si, s);
      shared_.push_back(std::move(s));
      if (shared_.size() > 4 * kMaxRows * 8) return file_error(file_, "too many shared strings");
    }
    return {};
  }

  // "C7" → column 2 (0-based) and row 7; false when malformed.
  static bool parse_ref(std::string_view ref, int& col, int& row) {
    size_t i = 0;
    int c = 0;
    while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
      c = c * 26 + (ref[i] - 'A' + 1);
      if (c > 16384) return false;
      ++i;
    }
    if (i == 0) return false;
    int r = 0;
    auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), r);
    if (ec != std::errc() || p != ref.data() + ref.size()) r = 0;  // a column-only reference: row unknown
    col = c - 1;
    row = r;
    return true;
  }

  static std::string number_text(const std::string& v) {
    double d = 0;
    const char* b = v.data();
    const char* e = v.data() + v.size();
    auto [p, ec] = std::from_chars(b, e, d);
    if (ec != std::errc() || p != e || !std::isfinite(d)) return v;
    if (std::floor(d) == d && std::fabs(d) < 1e15) {
      char buf[32];
      auto [q, ec2] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
      if (ec2 == std::errc()) return std::string(buf, q);
    }
    // Shortest text that reads back the same (37.299999999999997 → 37.3).
    char buf[64];
    auto [q, ec2] = std::to_chars(buf, buf + sizeof buf, d);
    return ec2 == std::errc() ? std::string(buf, q) : v;
  }

  Result<Table> read_sheet(const std::string& xml, const std::string& path) {
    LL_TRY(auto doc, parse(xml, "the first sheet " + path));
    auto data = child(child(doc, "worksheet"), "sheetData");
    std::vector<RawRow> raw;
    int next_row = 1;
    for (auto row = data.first_child(); row; row = row.next_sibling()) {
      if (row.type() != pugi::node_element || local_name(row.name()) != "row") continue;
      int r = row.attribute("r").as_int(0);
      if (r <= 0) r = next_row;
      next_row = r + 1;
      RawRow out;
      out.line = r;
      int next_col = 0;
      for (auto c = row.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || local_name(c.name()) != "c") continue;
        int col = next_col, ref_row = 0;
        if (auto ref = c.attribute("r"); ref && !parse_ref(ref.value(), col, ref_row)) col = next_col;
        next_col = col + 1;
        if (col >= static_cast<int>(kMaxColumns)) {
          // Only an error when the stray cell holds something.
          if (child(c, "v") || child(c, "is"))
            return line_error(file_, r, "more than " + std::to_string(kMaxColumns) + " columns");
          continue;
        }
        std::string type = c.attribute("t").value();
        std::string value;
        if (type == "inlineStr") {
          collect_text(child(c, "is"), value);
        } else {
          std::string v = child(c, "v").child_value();
          if (type == "s") {
            int64_t idx = -1;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), idx);
            if (ec != std::errc() || idx < 0 || static_cast<size_t>(idx) >= shared_.size())
              return line_error(file_, r, "a cell refers to a missing shared string");
            value = shared_[static_cast<size_t>(idx)];
          } else if (type == "b") {
            value = v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
          } else if (type == "str" || type == "e" || type == "d") {
            value = v;
          } else {
            value = v.empty() ? v : number_text(v);
          }
        }
        // Many cells may name one long shared string: count the copies.
        cell_bytes_ += value.size();
        if (cell_bytes_ > kMaxXlsxBytes)
          return line_error(file_, r, "the cells hold more than " + std::to_string(kMaxXlsxBytes >> 20) +
                                          " MB of text (too large, or not a real spreadsheet)");
        if (static_cast<size_t>(col) >= out.cells.size()) out.cells.resize(static_cast<size_t>(col) + 1);
        out.cells[static_cast<size_t>(col)] = std::move(value);
      }
      raw.push_back(std::move(out));
      if (raw.size() > kMaxRows + 1000)
        return file_error(file_, "more than " + std::to_string(kMaxRows) + " rows (split the file)");
    }
    // Rows may come out of order in hand-made files; lines must ascend.
    std::stable_sort(raw.begin(), raw.end(), [](const RawRow& a, const RawRow& b) { return a.line < b.line; });
    return assemble(std::move(raw), file_);
  }

  std::string_view bytes_;
  std::string_view file_;
  Zip zip_;
  size_t unpacked_ = 0;
  size_t cell_bytes_ = 0;
  std::vector<std::string> shared_;
};

// ---------------------------------------------------------------- writing

// Display width: CJK and other wide characters count two.
size_t display_width(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

// At most `max_chars` code points of valid UTF-8.
std::string utf8_prefix(std::string_view s, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < max_chars) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > s.size()) break;
    i += len;
    ++chars;
  }
  return std::string(s.substr(0, i));
}

std::string sheet_name(const std::string& wanted, size_t index, std::vector<std::string>& used) {
  std::string name;
  for (char c : wanted) name += std::strchr("[]:*?/\\", c) ? '_' : c;
  name = utf8_prefix(trim(name), 31);
  if (name.empty() || name.front() == '\'' || name.back() == '\'') name = "Sheet" + std::to_string(index + 1);
  std::string base = name;
  for (int k = 2; std::find(used.begin(), used.end(), name) != used.end(); ++k)
    name = utf8_prefix(base, 27) + " (" + std::to_string(k) + ")";
  used.push_back(name);
  return name;
}

struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

}  // namespace

Result<Table> read_table(std::string_view bytes, std::string_view file_name) {
  if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06"))
    return XlsxReader(bytes, file_name).read();
  if (bytes.starts_with("\xD0\xCF\x11\xE0"))
    return file_error(file_name, "an old Excel .xls file: save it as .xlsx or CSV UTF-8");
  return read_csv(bytes, file_name);
}

Result<std::string> write_xlsx(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) return Error::internal("write_xlsx: no sheets");
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  TempFile tmp;
  {
    std::string pattern = (dir / "lifeline-xlsx-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd < 0) return Error::internal("write_xlsx: cannot create a temporary file: " + std::string(strerror(errno)));
    close(fd);
    tmp.path = pattern;
  }
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(tmp.path.c_str(), &options);
  if (!wb) return Error::internal("write_xlsx: cannot start a workbook");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xF2F2F2);
  format_set_border(bold, LXW_BORDER_THIN);
  std::vector<std::string> used;
  for (size_t si = 0; si < sheets.size(); ++si) {
    const Sheet& sheet = sheets[si];
    std::string name = sheet_name(sheet.name, si, used);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) {
      workbook_close(wb);
      return Error::internal("write_xlsx: cannot add sheet " + name);
    }
    // Widths first (constant-memory mode writes rows as they come).
    size_t cols = sheet.header.size();
    for (const auto& row : sheet.rows) cols = std::max(cols, row.size());
    std::vector<size_t> width(cols, 8);
    for (size_t c = 0; c < sheet.header.size(); ++c) width[c] = std::max(width[c], display_width(sheet.header[c]) + 2);
    for (const auto& row : sheet.rows) {
      for (size_t c = 0; c < row.size(); ++c) {
        size_t w = 0;
        if (const auto* s = std::get_if<std::string>(&row[c])) w = display_width(*s);
        if (std::holds_alternative<double>(row[c])) w = 10;
        width[c] = std::max(width[c], std::min<size_t>(w + 2, 60));
      }
    }
    for (size_t c = 0; c < cols; ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]),
                           nullptr);
    lxw_row_t r = 0;
    if (!sheet.header.empty()) {
      for (size_t c = 0; c < sheet.header.size(); ++c)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), utf8_prefix(sheet.header[c], 32767).c_str(), bold);
      worksheet_freeze_panes(ws, 1, 0);
      r = 1;
    }
    for (const auto& row : sheet.rows) {
      if (r >= LXW_ROW_MAX) break;
      for (size_t c = 0; c < row.size(); ++c) {
        auto col = static_cast<lxw_col_t>(c);
        if (const auto* s = std::get_if<std::string>(&row[c])) {
          if (!s->empty()) worksheet_write_string(ws, r, col, utf8_prefix(*s, 32767).c_str(), nullptr);
        } else if (const auto* d = std::get_if<double>(&row[c])) {
          if (std::isfinite(*d)) worksheet_write_number(ws, r, col, *d, nullptr);
        }
      }
      ++r;
    }
  }
  lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) return Error::internal(std::string("write_xlsx: ") + lxw_strerror(rc));
  std::ifstream in(tmp.path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in && !in.eof()) return Error::internal("write_xlsx: cannot read back the workbook");
  return out.str();
}

}  // namespace lifeline::sheets
