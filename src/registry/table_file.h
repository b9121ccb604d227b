// Reading the spreadsheets staff keep (CSV as Excel and WPS save it, or XLSX) into rows of text
// cells, for the registry imports (INF-2). The reader knows nothing of objects or inspectors:
// each import maps the header row itself (registry/import.h).
//
// CSV: RFC 4180 (comma, double quotes, doubled quotes inside, fields spanning lines), encoded as
// UTF-8 with or without a BOM, or GB18030 (what Excel on a Chinese Windows writes as "CSV"): a
// file that is valid UTF-8 is UTF-8, anything else is decoded as GB18030 with glibc's iconv.
// XLSX: the first worksheet, read with libzip and pugixml; shared strings, inline strings and
// formula results are text; a number keeps the digits Excel shows (330106, not 330106.0).
//
// Each row carries its line in the file (the header is line 1): for CSV the physical line the
// record starts on, for XLSX the sheet's row number, so a report points where the user looks.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace zhifa::registry {

struct TableRow {
  int line = 0;
  std::vector<std::string> cells;  // UTF-8, trimmed of surrounding spaces
  bool blank() const;
};

struct Table {
  std::string format;  // csv-utf8 | csv-utf8-bom | csv-gb18030 | xlsx
  std::vector<TableRow> rows;
};

// Reads a whole file held in memory. An XLSX is recognised by its ZIP signature, whatever its
// name. Throws zhifa::Error 422 `import.encoding` (UTF-16, or bytes that are neither UTF-8 nor
// GB18030), `import.xlsx_invalid` (a ZIP that is not a readable workbook), `import.empty`.
Table read_table(const std::string& bytes);

bool valid_utf8(const std::string& s);

}  // namespace zhifa::registry
