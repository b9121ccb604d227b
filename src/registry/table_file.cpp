#include "registry/table_file.h"

#include <iconv.h>
#include <zip.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <pugixml.hpp>

#include "base/error.h"

namespace zhifa::registry {
namespace {

Error encoding_error(const std::string& why) {
  return Error(422, "import.encoding", "无法识别文件编码：" + why + "。请另存为 UTF-8 或 GB18030（GBK）编码的 CSV，或 XLSX 文件",
               {{"field", "file"}});
}

// Spaces around a cell are never data: ASCII blanks, NBSP and the full-width space that Chinese
// input methods type.
std::string trim_cell(const std::string& s) {
  size_t b = 0, e = s.size();
  auto space_at = [&](size_t i, bool back) -> size_t {
    if (back) {
      if (i >= 1 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\r' || s[i - 1] == '\n')) return 1;
      if (i >= 2 && s.compare(i - 2, 2, "\xC2\xA0") == 0) return 2;
      if (i >= 3 && s.compare(i - 3, 3, "\xE3\x80\x80") == 0) return 3;
      return 0;
    }
    if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) return 1;
    if (s.compare(i, 2, "\xC2\xA0") == 0) return 2;
    if (s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
    return 0;
  };
  while (b < e) {
    size_t n = space_at(b, false);
    if (!n) break;
    b += n;
  }
  while (e > b) {
    size_t n = space_at(e, true);
    if (!n) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

std::string gb18030_to_utf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == iconv_t(-1)) throw Error::internal("iconv cannot convert from GB18030");
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == size_t(-1)) {
      if (errno == E2BIG) {
        size_t used = size_t(dst - out.data());
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      throw encoding_error("第 " + std::to_string(in.size() - src_left + 1) + " 个字节既不是 UTF-8 也不是 GB18030");
    }
  }
  out.resize(size_t(dst - out.data()));
  return out;
}

std::vector<TableRow> parse_csv(const std::string& text) {
  std::vector<TableRow> rows;
  TableRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  bool quoted = false, any = false;
  size_t i = 0;
  auto end_cell = [&] {
    row.cells.push_back(trim_cell(cell));
    cell.clear();
  };
  auto end_row = [&] {
    end_cell();
    rows.push_back(std::move(row));
    row = TableRow{};
    any = false;
  };
  while (i < text.size()) {
    char ch = text[i];
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch == '\n' || (ch == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
        cell += ch;
      }
      ++i;
      continue;
    }
    if (ch == '"' && trim_cell(cell).empty()) {
      cell.clear();
      quoted = true;
      any = true;
    } else if (ch == ',') {
      end_cell();
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row.line = ++line;
    } else {
      cell += ch;
      any = true;
    }
    ++i;
  }
  if (any || !cell.empty()) end_row();
  return rows;
}

// ---- XLSX ---------------------------------------------------------------------------------------

Error xlsx_error(const std::string& why) {
  return Error(422, "import.xlsx_invalid", "无法读取 XLSX 文件：" + why, {{"field", "file"}});
}

std::string local_name(const char* n) {
  const char* colon = std::strrchr(n, ':');
  return colon ? colon + 1 : n;
}

std::optional<std::string> zip_entry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) return std::nullopt;
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) return std::nullopt;
  std::string out(size_t(st.size), '\0');
  zip_int64_t n = out.empty() ? 0 : zip_fread(f, out.data(), out.size());
  zip_fclose(f);
  if (n < 0 || size_t(n) != out.size()) throw xlsx_error(name + " 已损坏");
  return out;
}

pugi::xml_document parse_xml(const std::string& text, const std::string& name) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) throw xlsx_error(name + " 不是有效的 XML");
  return doc;
}

// The text of a string item: <t>, or the runs of rich text, without phonetic hints (<rPh>).
std::string item_text(pugi::xml_node n) {
  std::string out;
  for (auto ch : n.children()) {
    std::string ln = local_name(ch.name());
    if (ln == "t") out += ch.text().get();
    else if (ln == "r") out += item_text(ch);
  }
  return out;
}

// Excel stores 330106 as "330106" but other writers may give "330106.0" or "3.30106E5".
std::string number_text(const std::string& v) {
  if (v.find_first_of("eE.") == std::string::npos) return v;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (!end || *end || !std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 1e17) return v;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", d);
  return buf;
}

// "AB12" -> 27 (0-based column); -1 when there are no letters.
int column_of(const char* ref) {
  int col = 0;
  bool any = false;
  for (const char* p = ref; *p && std::isalpha(static_cast<unsigned char>(*p)); ++p) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(*p)) - 'A' + 1);
    any = true;
  }
  return any ? col - 1 : -1;
}

std::string first_sheet_path(zip_t* z) {
  auto wb = zip_entry(z, "xl/workbook.xml");
  auto rels = zip_entry(z, "xl/_rels/workbook.xml.rels");
  if (wb && rels) {
    auto wdoc = parse_xml(*wb, "workbook.xml");
    auto rdoc = parse_xml(*rels, "workbook.xml.rels");
    std::string rid;
    for (auto n : wdoc.document_element().children())
      if (local_name(n.name()) == "sheets")
        for (auto s : n.children())
          if (rid.empty() && local_name(s.name()) == "sheet")
            for (auto a : s.attributes())
              if (local_name(a.name()) == "id") rid = a.value();
    for (auto r : rdoc.document_element().children()) {
      if (rid.empty() || rid != r.attribute("Id").value()) continue;
      std::string target = r.attribute("Target").value();
      if (!target.empty() && target[0] == '/') return target.substr(1);
      return "xl/" + target;
    }
  }
  return "xl/worksheets/sheet1.xml";
}

std::vector<TableRow> parse_xlsx(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) throw xlsx_error("内存不足");
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) {
    zip_source_free(src);
    zip_error_fini(&err);
    throw xlsx_error("不是有效的 ZIP 压缩包");
  }
  std::unique_ptr<zip_t, void (*)(zip_t*)> guard(z, [](zip_t* p) { zip_discard(p); });

  std::vector<std::string> shared;
  if (auto ss = zip_entry(z, "xl/sharedStrings.xml")) {
    auto doc = parse_xml(*ss, "sharedStrings.xml");
    for (auto si : doc.document_element().children())
      if (local_name(si.name()) == "si") shared.push_back(item_text(si));
  }
  std::string path = first_sheet_path(z);
  auto sheet = zip_entry(z, path);
  if (!sheet) throw xlsx_error("找不到工作表 " + path);
  auto doc = parse_xml(*sheet, path);
  pugi::xml_node data;
  for (auto n : doc.document_element().children())
    if (local_name(n.name()) == "sheetData") data = n;

  std::vector<TableRow> rows;
  int next_line = 1;
  for (auto r : data.children()) {
    if (local_name(r.name()) != "row") continue;
    TableRow row;
    row.line = r.attribute("r") ? r.attribute("r").as_int() : next_line;
    next_line = row.line + 1;
    int next_col = 0;
    for (auto cnode : r.children()) {
      if (local_name(cnode.name()) != "c") continue;
      int col = cnode.attribute("r") ? column_of(cnode.attribute("r").value()) : next_col;
      if (col < 0) col = next_col;
      next_col = col + 1;
      if (col > 1000) throw xlsx_error("第 " + std::to_string(row.line) + " 行的列数超过 1000");
      std::string t = cnode.attribute("t").value();
      std::string v;
      pugi::xml_node vnode, isnode;
      for (auto ch : cnode.children()) {
        std::string ln = local_name(ch.name());
        if (ln == "v") vnode = ch;
        else if (ln == "is") isnode = ch;
      }
      if (t == "s") {
        size_t idx = size_t(vnode.text().as_ullong(~0ull));
        if (idx >= shared.size()) throw xlsx_error("第 " + std::to_string(row.line) + " 行引用了不存在的共享字符串");
        v = shared[idx];
      } else if (t == "inlineStr") {
        v = item_text(isnode);
      } else if (t == "str" || t == "e" || t == "b") {
        v = vnode.text().get();
      } else {
        v = number_text(vnode.text().get());
      }
      if (row.cells.size() <= size_t(col)) row.cells.resize(size_t(col) + 1);
      row.cells[size_t(col)] = trim_cell(v);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

bool TableRow::blank() const {
  for (const auto& c : cells)
    if (!c.empty()) return false;
  return true;
}

bool valid_utf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

Table read_table(const std::string& bytes) {
  Table t;
  if (bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0) {
    t.format = "xlsx";
    t.rows = parse_xlsx(bytes);
  } else {
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
      throw encoding_error("文件为 UTF-16 编码");
    if (bytes.find('\0') != std::string::npos) throw encoding_error("文件含有空字节，不是文本文件");
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      std::string rest = bytes.substr(3);
      if (!valid_utf8(rest)) throw encoding_error("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8");
      t.format = "csv-utf8-bom";
      t.rows = parse_csv(rest);
    } else if (valid_utf8(bytes)) {
      t.format = "csv-utf8";
      t.rows = parse_csv(bytes);
    } else {
      t.format = "csv-gb18030";
      t.rows = parse_csv(gb18030_to_utf8(bytes));
    }
  }
  bool any = false;
  for (const auto& r : t.rows) any = any || !r.blank();
  if (!any) throw Error(422, "import.empty", "文件是空的", {{"field", "file"}});
  return t;
}

}  // namespace zhifa::registry
