// Error values shared by every layer. An Error says what went wrong for people
// (message), what kind of failure it is (code, which the HTTP edge maps to a
// status) and, where it concerns one input, which field or file:line.
#pragma once

#include <string>
#include <vector>

namespace lifeline {

enum class ErrorCode {
  invalid,              // bad input: a field, a file line, a value out of range
  not_found,            // the thing does not exist (or the caller may not know it does)
  conflict,             // state does not allow it (duplicate, wrong state transition)
  precondition_failed,  // If-Match / version mismatch
  unauthenticated,      // no or bad credentials
  forbidden,            // authenticated but not allowed
  too_many_requests,    // throttled
  payload_too_large,
  unavailable,          // a dependency (database) is down or busy
  internal,             // a bug or an unexpected failure: logged, never shown in detail
};

const char* to_string(ErrorCode code);

struct FieldError {
  std::string field;    // JSON pointer-ish path ("members/2/name") or "file.inp:12"
  std::string message;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::vector<FieldError> fields;  // per-field detail, may be empty
  // too_many_requests / unavailable: when to try again (HTTP Retry-After);
  // 0 leaves the edge's default for the code.
  int retry_after_s = 0;

  static Error invalid(std::string field, std::string message);
  static Error invalid(std::vector<FieldError> fields);
  static Error not_found(std::string message);
  static Error conflict(std::string message);
  static Error forbidden(std::string message = "you do not have permission for this");
  static Error unauthenticated(std::string message = "login required");
  static Error internal(std::string message);
  static Error unavailable(std::string message, int retry_after_s = 0);
  static Error too_many_requests(std::string message, int retry_after_s);
};

}  // namespace lifeline
