// Writing CSV (RFC 4180) for the files staff open in Excel or WPS and for the draw's pool file:
// a field is quoted when it holds a comma, a double quote or a line break, and a double quote
// inside is doubled. Reading CSV is registry/table_file.h's job (encodings, spreadsheets).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace zhifa::csv {

// One field, quoted only when it must be.
std::string field(const std::string& v);
// One record: the fields joined by commas, then `eol`.
std::string row(const std::vector<std::string>& cells, const char* eol = "\r\n");

}  // namespace zhifa::csv
