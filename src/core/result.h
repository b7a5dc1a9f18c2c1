// Result<T>: a value or an Error. Engines and services return it instead of
// throwing, so every failure path is visible in the signature.
//
//   Result<Org> r = service.get(id);
//   if (!r) return r.error();
//   use(*r);
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.h"

namespace lifeline {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}        // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(state_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(failed_); return error_; }
  Error&& error() && { assert(failed_); return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace lifeline

// Propagate an error from an expression returning Result<...>:
//   LL_TRY(auto org, repo.get(tx, id));
// It expands to several statements: brace it under an `if`.
#define LL_CONCAT_INNER(a, b) a##b
#define LL_CONCAT(a, b) LL_CONCAT_INNER(a, b)
#define LL_TRY_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                 \
  if (!tmp) return std::move(tmp).error(); \
  decl = std::move(tmp).value()
#define LL_TRY(decl, expr) LL_TRY_IMPL(LL_CONCAT(ll_try_, __COUNTER__), decl, expr)
// For Status-returning expressions.
#define LL_CHECK(expr)                                   \
  do {                                                   \
    auto ll_status_ = (expr);                            \
    if (!ll_status_) return std::move(ll_status_).error(); \
  } while (0)
