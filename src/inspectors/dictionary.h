// The fixed vocabularies of the inspector registry, with their Chinese names: specialties
// (专业领域, the fields an inspector is drawn for, 004 annex 2 "依据抽查专业选取"), gender,
// status and the kinds of conflict of interest; and the parsing of the values staff type or
// spreadsheets hold (a code, or its Chinese name). The API stores and answers codes; the console,
// the template and the export show the names.
//
// Thread-safety: immutable data and pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zhifa::inspectors {

struct Term {
  const char* code;
  const char* name;
};

// The specialties, in the order they are stored and shown. The first five follow the registry's
// unit categories (四上 units and real estate), so a draw of objects of one category can ask for
// inspectors of the matching specialty (specialty_for_unit_category).
std::span<const Term> specialties();
std::span<const Term> genders();           // male 男, female 女
std::span<const Term> statuses();          // active 在岗, suspended 暂停执法, left 离岗
std::span<const Term> conflict_kinds();    // object 调查对象, division 行政区划, department 部门

// The Chinese name of a code in a vocabulary; nullptr when unknown.
const char* name_of(std::span<const Term> terms, const std::string& code);
// A code, or its Chinese name, or one of the usual other words (男性, 暂停, 调离 ...) -> the code.
std::optional<std::string> parse_term(std::span<const Term> terms, const std::string& value);

// The specialty an object of a registry unit category is checked by ("" when none fits: `other`).
std::string specialty_for_unit_category(const std::string& unit_category);

// A list of specialties written by people: codes or names separated by 、，,;；/ or spaces.
// Returns the codes in dictionary order without repeats; `unknown` receives what matched nothing.
std::vector<std::string> parse_specialties(const std::string& text, std::vector<std::string>& unknown);
// Stored form: codes joined by ',' (dictionary order); and back.
std::string join_specialties(const std::vector<std::string>& codes);
std::vector<std::string> split_specialties(const std::string& stored);
// "工业、服务业": the names joined as staff write them.
std::string specialty_names(const std::vector<std::string>& codes);

nlohmann::json terms_json(std::span<const Term> terms);

}  // namespace zhifa::inspectors
