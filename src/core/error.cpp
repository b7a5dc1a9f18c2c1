#include "core/error.h"

namespace lifeline {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::precondition_failed: return "precondition_failed";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::too_many_requests: return "too_many_requests";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

Error Error::invalid(std::string field, std::string message) {
  std::string summary = field.empty() ? message : field + ": " + message;
  return {ErrorCode::invalid, std::move(summary), {{std::move(field), std::move(message)}}};
}

Error Error::invalid(std::vector<FieldError> fields) {
  std::string summary = fields.size() == 1 ? fields[0].field + ": " + fields[0].message
                                           : std::to_string(fields.size()) + " fields are invalid";
  return {ErrorCode::invalid, std::move(summary), std::move(fields)};
}

Error Error::not_found(std::string message) { return {ErrorCode::not_found, std::move(message), {}}; }
Error Error::conflict(std::string message) { return {ErrorCode::conflict, std::move(message), {}}; }
Error Error::forbidden(std::string message) { return {ErrorCode::forbidden, std::move(message), {}}; }
Error Error::unauthenticated(std::string message) {
  return {ErrorCode::unauthenticated, std::move(message), {}};
}
Error Error::internal(std::string message) { return {ErrorCode::internal, std::move(message), {}}; }
Error Error::unavailable(std::string message, int retry_after_s) {
  return {ErrorCode::unavailable, std::move(message), {}, retry_after_s};
}
Error Error::too_many_requests(std::string message, int retry_after_s) {
  return {ErrorCode::too_many_requests, std::move(message), {}, retry_after_s};
}

}  // namespace lifeline
