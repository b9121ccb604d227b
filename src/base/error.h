// zhifa::Error is the one error type of the whole server. It carries a stable dotted code
// (`auth.locked`, `user.username_taken`) that programs match on, a Chinese message for people,
// optional details (the field at fault, the position of a JSON syntax error ...) and the HTTP
// status it maps to. Services throw it; the HTTP layer turns it into
// {"error":{"code","message","details"}} in one place; the CLI prints the message.
// Thread-safety: a value type.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace zhifa {

class Error : public std::runtime_error {
public:
  Error(int http_status, std::string code, std::string message, nlohmann::json details = nlohmann::json::object())
      : std::runtime_error(code + ": " + message), status_(http_status), code_(std::move(code)),
        message_(std::move(message)), details_(std::move(details)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const nlohmann::json& details() const { return details_; }

  // 422: a field's value is not acceptable. `field` is the snake_case API name.
  static Error invalid(const std::string& field, const std::string& message, const std::string& code = "validation.invalid") {
    return Error(422, code, message, {{"field", field}});
  }
  // 422: a required field is absent or empty.
  static Error required(const std::string& field, const std::string& label) {
    return Error(422, "validation.required", label + "不能为空", {{"field", field}});
  }
  static Error bad_request(const std::string& code, const std::string& message, nlohmann::json details = nlohmann::json::object()) {
    return Error(400, code, message, std::move(details));
  }
  static Error unauthorized(const std::string& code = "auth.required", const std::string& message = "请先登录") {
    return Error(401, code, message);
  }
  static Error forbidden(const std::string& code = "auth.forbidden", const std::string& message = "没有执行此操作的权限") {
    return Error(403, code, message);
  }
  static Error not_found(const std::string& code, const std::string& message) { return Error(404, code, message); }
  static Error conflict(const std::string& code, const std::string& message, nlohmann::json details = nlohmann::json::object()) {
    return Error(409, code, message, std::move(details));
  }
  // 500: a fault of ours, never of the user's input.
  static Error internal(const std::string& message) { return Error(500, "internal", message); }

  nlohmann::json to_json() const {
    return {{"error", {{"code", code_}, {"message", message_}, {"details", details_}}}};
  }

private:
  int status_;
  std::string code_;
  std::string message_;
  nlohmann::json details_;
};

}  // namespace zhifa
