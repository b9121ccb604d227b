// The case file (案卷, REC-17, REC-22) and the archive: the file is the table of contents of every
// step in order with the document it produced and the evidence it links, then the case's other
// evidence. Before archiving the file's completeness is checked and the archive refused naming
// what is missing (409 `case.file_incomplete`, details.missing); an archive more than 30 days
// after closing is recorded and flagged late. An archived case is read-only.
//
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cases/cases.h"
#include "db/db.h"
#include "org/principal.h"

namespace zhifa::cases {

// The Chinese names of what the file still lacks before it may be archived (empty: complete).
std::vector<std::string> missing_for_archive(const CaseRow& k, const std::vector<StepRow>& steps);

// Requires case.read and a transaction: the read is recorded (REC-22). {case, toc, other_evidence,
// complete, missing}.
nlohmann::json case_file(db::Connection& c, const org::Principal& p, int64_t id);

}  // namespace zhifa::cases
