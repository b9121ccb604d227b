// The parts of a registry import (INF-2) that do not depend on what is imported: the column
// specification of a template, mapping a file's header row onto it (Chinese names as staff's
// spreadsheets have them, English aliases for programs), the problems found in the rows, and
// the error report as XLSX. An import of objects (object_import.h) or, later, of inspectors
// supplies its columns and a row validator and reuses the rest.
//
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "registry/table_file.h"

namespace zhifa::registry {

struct ColumnSpec {
  const char* key;    // API field name, also the English alias of the header
  const char* label;  // the Chinese header of the template
  std::vector<const char*> synonyms;  // other Chinese headers seen in staff's files
  bool required = false;
  const char* note = "";  // for the template and docs: what goes in the column
};

// One bad (or doubtful) cell of the file: line in the file (header = 1), the column as named in
// the file's header, the value found, and the reason in Chinese.
struct Problem {
  int line = 0;
  std::string column;
  std::string field;  // the spec key, "" for a problem of the whole file
  std::string value;
  std::string reason;
  nlohmann::json to_json() const;
};

struct HeaderMap {
  int line = 0;                     // the header's line
  std::vector<int> index;           // per spec: the file's column, or -1 when absent
  std::vector<std::string> names;   // the file's header cells
  std::vector<std::string> ignored; // header cells that match no spec
  const std::string& name_of(size_t spec) const { return names[size_t(index[spec])]; }
  bool has(size_t spec) const { return index[spec] >= 0; }
};

// Maps the header row (the first non-blank row of the table) onto `specs`. Header cells compare
// after trimming, without a trailing "*" or "（必填）" mark, English case-insensitively. A missing
// required column or a column given twice is an error (line of the header, the column's
// Chinese label). Returns nullopt when the table has no header at all.
std::optional<HeaderMap> map_header(const Table& t, std::span<const ColumnSpec> specs, std::vector<Problem>& errors,
                                    size_t& header_row);

// The cell of `row` for spec `i` ("" when the column is absent or the row is short).
const std::string& cell(const TableRow& row, const HeaderMap& h, size_t i);

// The error report as an XLSX workbook: a sheet 错误 (行号, 列, 内容, 原因) and, when there are
// any, a sheet 提示 with the warnings. Returns the file's bytes.
std::string report_xlsx(const std::vector<Problem>& errors, const std::vector<Problem>& warnings);

// Writes a one-sheet workbook: the header row in bold, then the rows `next` yields (it returns
// false when there are no more), every cell as text so that codes keep their leading zeros.
// Memory stays flat for large sheets (libxlsxwriter's constant-memory mode, a temp file).
std::string write_xlsx(const std::string& sheet, const std::vector<std::string>& header,
                       const std::function<bool(std::vector<std::string>&)>& next);

// A date as a spreadsheet cell holds it: YYYY-MM-DD, YYYY/M/D, YYYY.M.D (a year from 1900), or an
// Excel date serial of five digits (what an XLSX date cell reads as; days since 1899-12-30).
// Returns YYYY-MM-DD; nullopt when it is none of these.
std::optional<std::string> parse_cell_date(const std::string& value);

// The phases an import reports through ImportOptions::progress, in order: "read" (the file is
// parsed), "validate" (rows checked), "write" (rows stored, commit only); and their names for
// people: 读取, 校验, 写入 ("" for anything else).
const char* import_phase_name(const std::string& phase);

// The template of an import: the header row, and one example row. format: "csv" (UTF-8 with BOM
// so that Excel opens it in Chinese) or "xlsx".
std::string template_file(std::span<const ColumnSpec> specs, const std::vector<std::string>& example, const std::string& format);

}  // namespace zhifa::registry
