// One Database interface over SQLite (the embedded default) and PostgreSQL
// (scale-out). Callers write portable SQL with `?` placeholders; the
// PostgreSQL backend numbers them. All work happens inside a transaction:
//
//   auto r = db.transact(TxMode::write, [&](Tx& tx) -> Result<int64_t> {
//     LL_TRY(auto rows, tx.query("SELECT id FROM orgs WHERE code = ?", {code}));
//     ...
//     return id;
//   });
//
// The transaction commits when the function returns a value and rolls back
// when it returns an error (or throws). Database is thread-safe: each
// transact() borrows a pooled connection; a Tx must stay on its thread.
//
// Concurrency (docs/concurrency.md): write transactions are NOT serialised
// by a global lock on PostgreSQL. They run at READ COMMITTED beside each
// other, so a body must keep its invariants with the database's tools:
// unique keys (INSERT ... ON CONFLICT), row locks (SELECT ... FOR UPDATE,
// which SQLite drops: its writer holds the whole database), conditional
// updates whose row count is checked. Serialisation failures and deadlocks
// re-run the body, so a body must be a function of the database and its
// inputs (no side effects outside the transaction). On SQLite concurrent
// write transactions share one commit (group commit): each runs in its own
// savepoint, and all are answered after the one durable COMMIT.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.h"

namespace lifeline::store {

enum class Dialect { sqlite, postgres };
enum class TxMode { read, write };

// A bound parameter or a result cell. Booleans are stored as 0/1 integers and
// instants as int64 milliseconds since the Unix epoch on both backends.
class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(int64_t v) : v_(v) {}
  Value(bool v) : v_(int64_t{v ? 1 : 0}) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_integer() const { return v_.index() == 1; }
  bool is_real() const { return v_.index() == 2; }
  bool is_text() const { return v_.index() == 3; }
  int64_t integer() const;            // integers; reals truncated; text parsed; null → 0
  double real() const;                // reals or integers; null → 0
  const std::string& text() const;    // text; empty for null; numbers are formatted (into the
                                      // Value itself: not from two threads at once)
  std::string as_text() const;        // any value rendered as text

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
  mutable std::string scratch_;
};

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  const Value& operator[](size_t i) const { return values_.at(i); }
  bool is_null(size_t i) const { return values_.at(i).is_null(); }
  int64_t integer(size_t i) const { return values_.at(i).integer(); }
  double real(size_t i) const { return values_.at(i).real(); }
  std::string text(size_t i) const { return values_.at(i).as_text(); }
  bool boolean(size_t i) const { return values_.at(i).integer() != 0; }
  std::optional<int64_t> opt_integer(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(integer(i));
  }
  std::optional<std::string> opt_text(size_t i) const {
    return is_null(i) ? std::nullopt : std::optional(text(i));
  }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// One open transaction. Errors from the database come back as Error values:
// unique, foreign-key, check and not-null violations as ErrorCode::conflict,
// a busy or unreachable database as unavailable, the rest as internal. On
// PostgreSQL any failed statement aborts the transaction, so prefer
// INSERT ... ON CONFLICT over catching a conflict and carrying on.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<int64_t> exec(std::string_view sql, const Params& params = {}) = 0;
  virtual Dialect dialect() const = 0;

  // The single row of a query, or nullopt when it returned none.
  Result<std::optional<Row>> query_one(std::string_view sql, const Params& params = {});
  // Runs an INSERT ... RETURNING id and returns the id.
  Result<int64_t> insert(std::string_view sql, const Params& params = {});
  // exec() for callers that need only success or the error.
  Status execute(std::string_view sql, const Params& params = {});
};

struct OpenOptions {
  int pool_size = 4;          // connections kept open
  int busy_timeout_ms = 5000; // wait this long for the write lock or a free connection
  // SQLite: fsync the WAL on every commit (synchronous=FULL), so an
  // acknowledged write survives power loss, not only a process crash.
  // false trades that for faster commits (synchronous=NORMAL).
  bool durable = true;
  // SQLite: concurrent write transactions share one COMMIT (one fsync).
  // false commits each on its own (the baseline benchmarks compare against).
  bool group_commit = true;
};

class Database {
 public:
  virtual ~Database() = default;

  // `url` is a SQLite file path (":memory:" for tests) or postgres://... / postgresql://...
  static Result<std::unique_ptr<Database>> open(const std::string& url, const OpenOptions& options = {});

  virtual Dialect dialect() const = 0;
  // Runs `body` in a transaction: commit on success, rollback on error.
  virtual Status run(TxMode mode, const std::function<Status(Tx&)>& body) = 0;
  // A cheap round trip to prove the database answers (readiness).
  virtual Status ping() = 0;
  // An online, consistent copy while the server keeps running. SQLite: a
  // database file at `destination`; PostgreSQL: a pg_dump custom archive.
  virtual Status backup(const std::string& destination) = 0;

  template <typename F>
  auto transact(TxMode mode, F&& fn) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    std::optional<R> out;
    Status st = run(mode, [&](Tx& tx) -> Status {
      out.emplace(fn(tx));
      if (!*out) return out->error();
      return {};
    });
    if (!st) return R(std::move(st).error());
    return std::move(*out);
  }
};

// Restores a backup made by Database::backup into `url` (the server must be stopped).
Status restore(const std::string& url, const std::string& source);

// Schema migrations: applied in order, each once, each in its own transaction;
// applied versions are recorded in schema_migrations. SQL may use the tokens
// {{pk}} (auto-increment primary key), {{real}}, {{blob}} and {{now_ms}}, which each
// dialect expands.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // one or more statements separated by ';' at line ends
};
Status migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace lifeline::store
