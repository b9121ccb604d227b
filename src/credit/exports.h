// Exports of dishonesty records for joint punishment and the credit platform (DR-11, INF-3;
// 000 Art 19, 004 §3.5): the records in scope whose determination falls in the period asked,
// once approved (proposals and rejected ones never leave), as CSV (UTF-8 with BOM, RFC 4180) or
// XLSX. The columns are fixed and documented in docs/credit.md. Each export is itself recorded:
// a row of credit_exports (who, when, the filter, the row count, the hash of the file) and its
// ledger entry, in the caller's transaction.
//
// Thread-safety: free functions over a caller-owned Connection; needs a transaction.
#pragma once

#include <string>

#include "credit/records.h"

namespace zhifa::credit {

struct ExportFile {
  std::string bytes, content_type, filename;
  int64_t rows = 0;
  int64_t export_id = 0;
};

// Requires credit.read. format: csv | xlsx (422 naming `format` otherwise). The filter's status,
// level, bureau and determination range apply; paging does not.
ExportFile export_records(db::Connection& c, const org::Principal& p, const RecordFilter& f, const std::string& format);

// The header row of an export, in order.
const std::vector<std::string>& export_header();

}  // namespace zhifa::credit
