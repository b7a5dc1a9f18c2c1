// Error values shared by every layer. An Error says what went wrong for people
// (message), what kind of failure it is (code, which the HTTP edge maps to a
// status) and, where it concerns one input, which field or file:line.
#pragma once

#include <map>
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
  unprocessable,        // understood but refused as it is (an Idempotency-Key reused for another request)
  unavailable,          // a dependency (database) is down or busy
  internal,             // a bug or an unexpected failure: logged, never shown in detail
};

const char* to_string(ErrorCode code);

// Values a message may quote ({max}, {state}, {team} …), by name.
using MessageParams = std::map<std::string, std::string>;

// Messages for people are chosen by the client from a stable key, never taken
// from `message` (English, for logs, the command line and API users): the web
// UI maps the key to its zh-CN / en text with the params, and falls back to
// the error code and the field when it does not know a key. Keys are dotted,
// lower-case, and never change meaning once released ("required",
// "emergency.declared_above"); docs/architecture.md, "Messages".
struct FieldError {
  std::string field;    // JSON pointer-ish path ("members/2/name") or "file.inp:12"
  std::string message;
  std::string key;      // empty: "invalid"
  MessageParams params;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::vector<FieldError> fields;  // per-field detail, may be empty
  std::string key;                 // the message key; empty: the code's name ("conflict")
  MessageParams params;

  // Names the message key (and what it quotes). On an error about one field
  // the key names that field's message too, unless it has one already.
  Error keyed(std::string key, MessageParams params = {}) &&;

  static Error invalid(std::string field, std::string message);
  static Error invalid(std::vector<FieldError> fields);
  static Error not_found(std::string message);
  static Error conflict(std::string message);
  static Error forbidden(std::string message = "you do not have permission for this");
  static Error unauthenticated(std::string message = "login required");
  static Error internal(std::string message);
  static Error unavailable(std::string message);
};

}  // namespace lifeline
