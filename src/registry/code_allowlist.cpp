#include "registry/code_allowlist.h"

#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"

namespace zhifa::registry {
namespace {

constexpr size_t kMaxNoteChars = 200;

std::string normal_kind(std::string_view kind) {
  std::string k(kind);
  for (auto& ch : k) {
    if (ch == '_') ch = '-';
  }
  return k;
}

codes::CodeCheck check(std::string_view kind, std::string_view value, const std::function<bool(std::string_view)>& allowlisted) {
  const std::string k = normal_kind(kind);
  if (k == "credit-code") return codes::check_credit_code(value, allowlisted);
  if (k == "id-card") return codes::check_id_card(value, time::today_shanghai());
  if (k == "division") return codes::check_division(value);
  if (k == "industry") return codes::check_industry(value);
  throw Error::invalid("kind", "代码类别应为 credit-code、id-card、division 或 industry", "code.kind_unknown");
}

}  // namespace

nlohmann::json AllowlistEntry::to_json() const {
  return {{"code", code}, {"note", note}, {"added_by", added_by}, {"added_at", added_at}};
}

AllowlistEntry allowlist_add(db::Connection& c, const ledger::Actor& actor, const std::string& code_in, const std::string& note_in) {
  const std::string code = trim(code_in);
  const std::string note = trim(note_in);
  if (!codes::credit_code_charset_ok(code)) {
    auto plain = codes::check_credit_code(code);
    throw Error::invalid("code",
                         plain.reason.empty() ? "统一社会信用代码应为18位，由数字和大写字母（不含 I、O、S、V、Z）组成" : plain.reason,
                         "allowlist.code_invalid");
  }
  if (codes::check_credit_code(code).valid) {
    throw Error::invalid("code", "该统一社会信用代码校验通过，无需加入白名单", "allowlist.not_needed");
  }
  if (utf8_length(note) > kMaxNoteChars) {
    throw Error::invalid("note", "说明不能超过 " + std::to_string(kMaxNoteChars) + " 个字", "allowlist.note_invalid");
  }
  if (!c.in_transaction()) throw Error::internal("registry::allowlist_add needs a transaction");
  if (allowlist_contains(c, code)) throw Error::conflict("allowlist.duplicate", "该代码已在白名单中", {{"field", "code"}});
  AllowlistEntry e{code, note, actor.user_id, time::to_iso(time::now())};
  c.prepare("INSERT INTO credit_code_allowlist(code, note, added_by, added_at) VALUES (?, ?, ?, ?)")
      ->bind(e.code)
      .bind(e.note)
      .bind(e.added_by)
      .bind(e.added_at)
      .exec();
  ledger::record_row(c, actor, "credit_code_allowlist.add", "credit_code_allowlist", "credit_code_allowlist", "code", code,
                     {"code", "note", "added_by", "added_at"});
  return e;
}

std::vector<AllowlistEntry> allowlist(db::Connection& c) {
  std::vector<AllowlistEntry> out;
  auto q = c.prepare("SELECT code, note, added_by, added_at FROM credit_code_allowlist ORDER BY code");
  while (q->step()) out.push_back({q->row().text(0), q->row().text(1), q->row().i64(2), q->row().text(3)});
  return out;
}

bool allowlist_contains(db::Connection& c, std::string_view code) {
  auto q = c.prepare("SELECT 1 FROM credit_code_allowlist WHERE code = ?");
  q->bind(code);
  return q->step();
}

codes::CodeCheck check_code(db::Connection& c, std::string_view kind, std::string_view value) {
  return check(kind, value, [&c](std::string_view code) { return allowlist_contains(c, code); });
}

codes::CodeCheck check_code_without_store(std::string_view kind, std::string_view value) { return check(kind, value, {}); }

}  // namespace zhifa::registry
