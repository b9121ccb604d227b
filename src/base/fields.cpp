#include "base/fields.h"

#include "base/error.h"

namespace zhifa {

size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::u32string utf8_decode(const std::string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    char32_t cp = c;
    int extra = 0;
    if (c >= 0xF0) cp = c & 0x07, extra = 3;
    else if (c >= 0xE0) cp = c & 0x0F, extra = 2;
    else if (c >= 0xC0) cp = c & 0x1F, extra = 1;
    ++i;
    for (int k = 0; k < extra && i < s.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    out.push_back(cp);
  }
  return out;
}

std::string utf8_encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Fields::Fields(const nlohmann::json& j) : j_(j) {
  if (!j.is_object()) throw Error::bad_request("request.not_object", "请求体应为 JSON 对象");
}

std::optional<std::string> Fields::opt_str(const char* key, const std::string& label, size_t max_chars) const {
  if (!has(key)) return std::nullopt;
  const auto& v = j_.at(key);
  if (!v.is_string()) throw Error(422, "validation.type", label + "应为文本", {{"field", key}});
  std::string s = trim(v.get<std::string>());
  if (utf8_length(s) > max_chars)
    throw Error(422, "validation.too_long", label + "不能超过 " + std::to_string(max_chars) + " 个字",
                {{"field", key}, {"max", max_chars}});
  return s;
}

std::string Fields::str(const char* key, const std::string& label, size_t max_chars) const {
  auto s = opt_str(key, label, max_chars);
  if (!s || s->empty()) throw Error::required(key, label);
  return *s;
}

std::string Fields::raw_str(const char* key, const std::string& label, size_t max_bytes) const {
  if (!has(key)) throw Error::required(key, label);
  const auto& v = j_.at(key);
  if (!v.is_string()) throw Error(422, "validation.type", label + "应为文本", {{"field", key}});
  auto s = v.get<std::string>();
  if (s.empty()) throw Error::required(key, label);
  if (s.size() > max_bytes) throw Error(422, "validation.too_long", label + "过长", {{"field", key}});
  return s;
}

std::optional<int64_t> Fields::opt_i64(const char* key, const std::string& label) const {
  if (!has(key)) return std::nullopt;
  const auto& v = j_.at(key);
  if (!v.is_number_integer()) throw Error(422, "validation.type", label + "应为整数", {{"field", key}});
  return v.get<int64_t>();
}

int64_t Fields::i64(const char* key, const std::string& label) const {
  auto v = opt_i64(key, label);
  if (!v) throw Error::required(key, label);
  return *v;
}

std::optional<bool> Fields::opt_bool(const char* key, const std::string& label) const {
  if (!has(key)) return std::nullopt;
  const auto& v = j_.at(key);
  if (!v.is_boolean()) throw Error(422, "validation.type", label + "应为是或否", {{"field", key}});
  return v.get<bool>();
}

std::set<std::string> Fields::str_set(const char* key, const std::string& label) const {
  std::set<std::string> out;
  if (!has(key)) return out;
  const auto& v = j_.at(key);
  if (!v.is_array()) throw Error(422, "validation.type", label + "应为列表", {{"field", key}});
  for (const auto& e : v) {
    if (!e.is_string()) throw Error(422, "validation.type", label + "的每一项应为文本", {{"field", key}});
    out.insert(e.get<std::string>());
  }
  return out;
}

}  // namespace zhifa
