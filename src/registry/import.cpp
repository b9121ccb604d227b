#include "registry/import.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/csv.h"
#include "base/error.h"
#include "base/time.h"

namespace zhifa::registry {
namespace {

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// "统一社会信用代码*", "单位名称（必填）", "Credit_Code" all name their column.
std::string header_key(std::string s) {
  for (const char* mark : {"*", "＊", "（必填）", "(必填)"}) {
    std::string m(mark);
    if (s.size() >= m.size() && s.compare(s.size() - m.size(), m.size(), m) == 0) s.resize(s.size() - m.size());
    if (s.size() >= m.size() && s.compare(0, m.size(), m) == 0) s.erase(0, m.size());
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return lower(s);
}

}  // namespace

nlohmann::json Problem::to_json() const {
  return {{"line", line}, {"column", column}, {"field", field}, {"value", value}, {"reason", reason}};
}

std::optional<HeaderMap> map_header(const Table& t, std::span<const ColumnSpec> specs, std::vector<Problem>& errors,
                                    size_t& header_row) {
  header_row = 0;
  while (header_row < t.rows.size() && t.rows[header_row].blank()) ++header_row;
  if (header_row == t.rows.size()) return std::nullopt;
  const TableRow& row = t.rows[header_row];
  HeaderMap h;
  h.line = row.line;
  h.names = row.cells;
  h.index.assign(specs.size(), -1);
  for (size_t col = 0; col < row.cells.size(); ++col) {
    const std::string key = header_key(row.cells[col]);
    if (key.empty()) continue;
    size_t found = specs.size();
    for (size_t i = 0; i < specs.size() && found == specs.size(); ++i) {
      if (key == specs[i].label || key == specs[i].key) found = i;
      for (const char* syn : specs[i].synonyms)
        if (key == syn) found = i;
    }
    if (found == specs.size()) {
      h.ignored.push_back(row.cells[col]);
    } else if (h.index[found] >= 0) {
      errors.push_back({row.line, row.cells[col], specs[found].key, row.cells[col],
                        "列“" + row.cells[col] + "”与列“" + h.names[size_t(h.index[found])] + "”重复，同一项只能有一列"});
    } else {
      h.index[found] = int(col);
    }
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && h.index[i] < 0)
      errors.push_back({row.line, specs[i].label, specs[i].key, "",
                        std::string("缺少必填列“") + specs[i].label + "”（也可写作 " + specs[i].key + "）"});
  }
  return h;
}

const std::string& cell(const TableRow& row, const HeaderMap& h, size_t i) {
  static const std::string empty;
  int col = h.index[i];
  if (col < 0 || size_t(col) >= row.cells.size()) return empty;
  return row.cells[size_t(col)];
}

std::string write_xlsx(const std::string& sheet, const std::vector<std::string>& header,
                       const std::function<bool(std::vector<std::string>&)>& next) {
  // libxlsxwriter 1.1.4 writes only to a named file: a private temp file, read back and removed.
  std::string tmpl = (std::filesystem::temp_directory_path() / "zhifa-xlsx-XXXXXX").string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw Error::internal("cannot create a temp file for XLSX");
  ::close(fd);
  struct Remove {
    std::string p;
    ~Remove() { std::filesystem::remove(p); }
  } remove{tmpl};
  std::string tmpdir = std::filesystem::temp_directory_path().string();
  lxw_workbook_options opt{};
  opt.constant_memory = LXW_TRUE;
  opt.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(tmpl.c_str(), &opt);
  if (!wb) throw Error::internal("cannot create an XLSX workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  for (size_t i = 0; i < header.size(); ++i) {
    worksheet_set_column(ws, lxw_col_t(i), lxw_col_t(i), i == 0 ? 22 : 16, text);
    worksheet_write_string(ws, 0, lxw_col_t(i), header[i].c_str(), bold);
  }
  std::vector<std::string> row;
  lxw_row_t r = 1;
  while (true) {
    row.clear();
    if (!next(row)) break;
    if (r >= LXW_ROW_MAX) {
      workbook_close(wb);
      throw Error(422, "export.too_large", "行数超过 XLSX 的上限（1048576 行），请缩小筛选范围");
    }
    for (size_t i = 0; i < row.size(); ++i)
      if (!row[i].empty()) worksheet_write_string(ws, r, lxw_col_t(i), row[i].c_str(), text);
    ++r;
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw Error::internal("cannot write the XLSX workbook");
  std::ifstream in(tmpl, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string report_xlsx(const std::vector<Problem>& errors, const std::vector<Problem>& warnings) {
  // Two sheets would need a second pass over libxlsxwriter's API; one sheet with a 类别 column
  // keeps errors and warnings apart just as well and sorts in Excel.
  size_t i = 0;
  return write_xlsx("导入检查报告", {"行号", "列", "内容", "类别", "原因"}, [&](std::vector<std::string>& row) {
    if (i >= errors.size() + warnings.size()) return false;
    bool err = i < errors.size();
    const Problem& p = err ? errors[i] : warnings[i - errors.size()];
    ++i;
    row = {p.line > 0 ? std::to_string(p.line) : "", p.column, p.value, err ? "错误" : "提示", p.reason};
    return true;
  });
}

std::string template_file(std::span<const ColumnSpec> specs, const std::vector<std::string>& example, const std::string& format) {
  std::vector<std::string> header;
  for (const auto& s : specs) header.push_back(s.label);
  if (format == "csv") {
    return "\xEF\xBB\xBF" + csv::row(header) + csv::row(example);
  }
  if (format != "xlsx") throw Error::invalid("format", "模板格式只能是 xlsx 或 csv");
  bool done = false;
  return write_xlsx("导入模板", header, [&](std::vector<std::string>& row) {
    if (done) return false;
    row = example;
    done = true;
    return true;
  });
}

std::optional<std::string> parse_cell_date(const std::string& v) {
  if (auto d = time::parse_date(v)) return d->str();
  if (v.size() == 5 && std::all_of(v.begin(), v.end(), ::isdigit)) return time::Date::from_days(std::stoll(v) - 25569).str();
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0, rest = 0;
  if (std::sscanf(v.c_str(), "%d%c%d%c%d%c", &y, &a, &m, &b, &d, &rest) == 5 && a == b && (a == '/' || a == '-' || a == '.') &&
      y >= 1900 && time::valid_date(y, unsigned(m), unsigned(d)))
    return time::Date{y, unsigned(m), unsigned(d)}.str();
  return std::nullopt;
}

const char* import_phase_name(const std::string& phase) {
  if (phase == "read") return "读取";
  if (phase == "validate") return "校验";
  if (phase == "write") return "写入";
  return "";
}

}  // namespace zhifa::registry
