// Detects a transaction opened inside another transaction of the same
// Database on the same thread. That is always a bug: the inner one would not
// see the outer one's writes, and on SQLite it would wait forever for the
// write lock its own thread holds.
#pragma once

#include <algorithm>
#include <vector>

namespace lifeline::store {

class NestingGuard {
 public:
  explicit NestingGuard(const void* db) : db_(db), nested_(std::ranges::count(active(), db) > 0) {
    if (!nested_) active().push_back(db);
  }
  ~NestingGuard() {
    if (!nested_) std::erase(active(), db_);
  }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  bool nested() const { return nested_; }

 private:
  static std::vector<const void*>& active() {
    thread_local std::vector<const void*> dbs;
    return dbs;
  }
  const void* db_;
  bool nested_;
};

}  // namespace lifeline::store
