// Runs a transaction body so that an exception cannot escape with the
// transaction still open: it becomes an internal error and the caller rolls back.
#pragma once

#include <exception>
#include <functional>
#include <string>

#include "store/database.h"

namespace lifeline::store {

inline Status call_body(const std::function<Status(Tx&)>& body, Tx& tx) {
  try {
    return body(tx);
  } catch (const std::exception& e) {
    return Error::internal(std::string("transaction body threw: ") + e.what());
  } catch (...) {
    return Error::internal("transaction body threw a non-standard exception");
  }
}

}  // namespace lifeline::store
