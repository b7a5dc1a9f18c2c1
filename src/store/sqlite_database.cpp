#include "store/sqlite_database.h"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "store/connection_pool.h"
#include "store/file_commit.h"
#include "store/nesting_guard.h"
#include "store/placeholders.h"
#include "store/tx_body.h"

namespace lifeline::store {
namespace {

// Maps a failed SQLite call to an Error. Constraint failures are the caller's
// conflict (SQLite's message names the constraint or column); a busy database
// is a temporary outage; everything else is a bug or a broken file.
Error sqlite_error(sqlite3* db, int rc, std::string_view sql) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error::conflict("already exists (" + msg + ")");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error::conflict("refers to a missing row or is still referenced (" + msg + ")");
    case SQLITE_CONSTRAINT_CHECK:
      return Error::conflict("breaks a rule of the data (" + msg + ")");
    case SQLITE_CONSTRAINT_NOTNULL:
      return Error::conflict("a required value is missing (" + msg + ")");
    default: break;
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return Error::unavailable("the database is busy (" + msg + ")");
  return Error::internal("SQLite: " + msg + (sql.empty() ? "" : " in: " + std::string(sql)));
}

bool only_space(const char* p, const char* end) {
  for (; p < end; ++p)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ';') return false;
  return true;
}

// Resets a statement when a call ends so it holds no read lock and can be reused.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

class SqliteConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, const OpenOptions& options) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection(raw));  // closes raw on every path
    if (rc != SQLITE_OK) return Error::internal("cannot open SQLite database " + path + ": " + sqlite3_errstr(rc));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    // WAL lets readers work beside the writer. In WAL mode synchronous=NORMAL
    // already survives a process kill (the WAL is in the OS cache); FULL also
    // fsyncs it at every commit so power loss cannot drop an acknowledged write.
    LL_TRY(auto mode, conn->pragma("PRAGMA journal_mode=WAL"));
    if (mode != "wal" && path != ":memory:")
      spdlog::warn("SQLite {}: journal_mode is {}, not wal; readers will wait for writers", path, mode);
    LL_CHECK(conn->exec_simple("PRAGMA foreign_keys=ON"));
    LL_CHECK(conn->exec_simple(options.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    return conn;
  }

  ~SqliteConnection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* db() const { return db_; }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  // For statements without parameters or results (BEGIN, COMMIT, PRAGMA x=y).
  Status exec_simple(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    return {};
  }

  // exec_simple for the statements every transaction runs (BEGIN, COMMIT,
  // SAVEPOINT …): prepared once per connection instead of parsed each time.
  Status exec_cached(const char* sql) {
    LL_TRY(sqlite3_stmt * stmt, prepare(sql));
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_error(db_, rc, sql);
    return {};
  }

  // A prepared statement from this connection's cache, keyed by SQL text.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    // Services use a bounded set of SQL texts; this only guards against a caller building SQL dynamically.
    if (cache_.size() >= kMaxCached) {
      for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                &tail);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    if (!stmt) return Error::internal("empty SQL statement: " + key);
    if (!only_space(tail, key.data() + key.size())) {
      sqlite3_finalize(stmt);
      return Error::internal("one SQL statement per call, got more: " + key);
    }
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

 private:
  static constexpr size_t kMaxCached = 512;
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  Result<std::string> pragma(const char* sql) {
    std::string out;
    auto first_cell = [](void* o, int n, char** values, char**) {
      if (n > 0 && values[0]) *static_cast<std::string*>(o) = values[0];
      return 0;
    };
    int rc = sqlite3_exec(db_, sql, first_cell, &out, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, sql);
    return out;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteTx final : public Tx {
 public:
  SqliteTx(SqliteConnection& conn, TxMode mode) : conn_(conn), mode_(mode) {}

  Result<Rows> query(std::string_view sql, const Params& params) override {
    LL_TRY(sqlite3_stmt * stmt, start(sql, params));
    ResetOnExit reset{stmt};
    Rows rows;
    int n = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(n);
      for (int i = 0; i < n; ++i) values.push_back(column(stmt, i));
      rows.emplace_back(std::move(values));
    }
    if (rc != SQLITE_DONE) return sqlite_error(conn_.db(), rc, sql);
    return rows;
  }

  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    LL_TRY(sqlite3_stmt * stmt, start(sql, params));
    ResetOnExit reset{stmt};
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return sqlite_error(conn_.db(), rc, sql);
    return static_cast<int64_t>(sqlite3_changes64(conn_.db()));
  }

  Dialect dialect() const override { return Dialect::sqlite; }

 private:
  Result<sqlite3_stmt*> start(std::string_view sql, const Params& params) {
    // A write transaction holds the whole database here: row locks are implied.
    LL_TRY(sqlite3_stmt * stmt, conn_.prepare(without_row_lock(sql)));
    // A deferred read transaction would silently take the write lock on its
    // first write, bypassing the writer mutex; refuse instead.
    if (mode_ == TxMode::read && !sqlite3_stmt_readonly(stmt))
      return Error::internal("write statement in a read transaction: " + std::string(sql));
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size()))
      return Error::internal("statement takes " + std::to_string(expected) + " parameters, got " +
                             std::to_string(params.size()) + ": " + std::string(sql));
    for (int i = 0; i < expected; ++i) {
      const Value& v = params[i];
      int rc;
      if (v.is_null()) rc = sqlite3_bind_null(stmt, i + 1);
      else if (v.is_integer()) rc = sqlite3_bind_int64(stmt, i + 1, v.integer());
      else if (v.is_real()) rc = sqlite3_bind_double(stmt, i + 1, v.real());
      else rc = sqlite3_bind_text64(stmt, i + 1, v.text().data(), v.text().size(), SQLITE_STATIC, SQLITE_UTF8);
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(stmt);
        return sqlite_error(conn_.db(), rc, sql);
      }
    }
    return stmt;
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER: return Value(static_cast<int64_t>(sqlite3_column_int64(stmt, i)));
      case SQLITE_FLOAT: return Value(sqlite3_column_double(stmt, i));
      case SQLITE_NULL: return Value();
      case SQLITE_BLOB: {  // blobs come back as a string of bytes
        auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        return Value(std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i))));
      }
      default: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return Value(std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(stmt, i))));
      }
    }
  }

  SqliteConnection& conn_;
  TxMode mode_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const OpenOptions& options)
      : path_(std::move(path)),
        wait_(options.busy_timeout_ms),
        max_batch_(options.group_commit ? kMaxBatch : 1),
        // One connection for ":memory:": each connection would otherwise see its own empty database.
        pool_(path_ == ":memory:" ? 1 : static_cast<size_t>(options.pool_size),
              [this, options] { return SqliteConnection::open(path_, options); }) {}

  // Opens the first connection now so a bad path fails at start-up, not at the first request.
  Status warm_up() {
    LL_TRY(auto conn, pool_.acquire(wait_));
    return {};
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Status run(TxMode mode, const std::function<Status(Tx&)>& body) override {
    NestingGuard nesting(this);
    if (nesting.nested()) return Error::internal("a transaction was started inside another one on the same thread");
    if (mode == TxMode::write) return run_write(body);
    LL_TRY(auto conn, pool_.acquire(wait_));
    LL_CHECK(conn->exec_cached("BEGIN"));
    SqliteTx tx(*conn, mode);
    Status result = call_body(body, tx);
    if (result) {
      result = conn->exec_cached("COMMIT");
      if (result) return {};
    }
    if (conn->in_transaction() && !conn->exec_cached("ROLLBACK")) {
      spdlog::error("SQLite {}: rollback failed; closing the connection", path_);
      conn.discard();
    }
    return result;
  }

  Status ping() override {
    return run(TxMode::read, [](Tx& tx) -> Status {
      LL_CHECK(tx.query("SELECT 1"));
      return {};
    });
  }

  Status backup(const std::string& destination) override {
    NestingGuard nesting(this);
    if (nesting.nested()) return Error::internal("backup() called inside a transaction on the same thread");
    std::error_code ec;
    if (path_ != ":memory:" && std::filesystem::equivalent(path_, destination, ec))
      return Error::invalid("destination", "a backup cannot replace the database it copies");
    LL_CHECK(make_parent_folder(destination));
    const std::string tmp = destination + ".tmp";
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);  // left over from an interrupted backup
    LL_TRY(auto conn, pool_.acquire(wait_));
    // One read transaction pins a snapshot for the whole copy: in WAL mode
    // writers carry on beside it, and the copy never restarts on their commits.
    LL_CHECK(conn->exec_simple("BEGIN"));
    Status st = conn->exec_simple("SELECT count(*) FROM sqlite_schema");
    if (st) st = copy_database(conn->db(), tmp);
    static_cast<void>(conn->exec_cached("ROLLBACK"));  // ends a read: nothing to undo
    if (!st) {
      std::filesystem::remove(tmp, ignored);
      return st;
    }
    return commit_file(tmp, destination);
  }

  // Group commit. A writer queues its body; the first writer to find no
  // leader becomes the leader: it takes the queue (up to kMaxBatch bodies),
  // runs each in its own savepoint inside one BEGIN IMMEDIATE ... COMMIT,
  // and answers them all after that COMMIT, so one fsync serves them all.
  // Writers arriving meanwhile queue for the next batch (they wait for the
  // fsync anyway); the leader hands over once its own body is answered. A
  // body that fails rolls back to its savepoint and gets its own error; the
  // others are not affected. Without group_commit a batch holds one body.
  struct WriteRequest {
    const std::function<Status(Tx&)>* body;
    Status result;
    bool done = false;
  };

  Status run_write(const std::function<Status(Tx&)>& body) {
    WriteRequest req{&body, {}, false};
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&req);
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    while (!req.done) {
      if (!leading_) {
        leading_ = true;
        lead(lock, req);
        leading_ = false;
        queue_cv_.notify_all();
        continue;
      }
      // Still queued: give up at the deadline. Taken into a running batch:
      // the answer comes with that batch's COMMIT, however long it takes.
      auto queued = std::find(queue_.begin(), queue_.end(), &req);
      if (queued == queue_.end()) {
        queue_cv_.wait(lock);
      } else if (std::chrono::steady_clock::now() >= deadline) {
        queue_.erase(queued);
        return Error::unavailable("timed out waiting for the database write lock");
      } else {
        queue_cv_.wait_until(lock, deadline);
      }
    }
    return std::move(req.result);
  }

  // Runs batches until `own` is answered. Called and returns with `lock` held.
  void lead(std::unique_lock<std::mutex>& lock, WriteRequest& own) {
    while (!own.done && !queue_.empty()) {
      std::vector<WriteRequest*> batch;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      run_batch(batch);
      lock.lock();
      for (auto* r : batch) r->done = true;
      queue_cv_.notify_all();
    }
  }

  void run_batch(const std::vector<WriteRequest*>& batch) {
    auto fail_all = [&](const Error& e) {
      for (auto* r : batch) r->result = e;
    };
    auto conn = pool_.acquire(wait_);
    if (!conn) return fail_all(conn.error());
    if (auto st = (*conn)->exec_cached("BEGIN IMMEDIATE"); !st) return fail_all(st.error());
    const bool shared = batch.size() > 1;
    size_t first_open = 0;  // members from here on are in the open transaction
    for (size_t i = 0; i < batch.size(); ++i) {
      WriteRequest& r = *batch[i];
      if (!(*conn)->in_transaction()) {  // an earlier failure ended the transaction: start again
        if (auto st = (*conn)->exec_cached("BEGIN IMMEDIATE"); !st) {
          for (size_t k = i; k < batch.size(); ++k) batch[k]->result = st.error();
          return;
        }
        first_open = i;
      }
      if (shared) {
        if (auto st = (*conn)->exec_cached("SAVEPOINT member"); !st) {
          r.result = st.error();
          continue;
        }
      }
      SqliteTx tx(**conn, TxMode::write);
      r.result = call_body(*r.body, tx);
      if (!(*conn)->in_transaction()) {
        // SQLite rolled the whole transaction back (I/O error, disk full):
        // the members before this one in it are undone too.
        for (size_t k = first_open; k < i; ++k)
          if (batch[k]->result)
            batch[k]->result = Error::unavailable("the shared write transaction was rolled back; try again");
        if (r.result) r.result = Error::unavailable("the write transaction was rolled back; try again");
        continue;
      }
      if (!shared) continue;
      Status end = r.result ? (*conn)->exec_cached("RELEASE member")
                            : (*conn)->exec_cached("ROLLBACK TO member");
      if (!r.result && end) end = (*conn)->exec_cached("RELEASE member");
      if (!end && r.result) r.result = end;
    }
    if (!(*conn)->in_transaction()) return;
    bool any_ok = false;
    for (size_t k = first_open; k < batch.size(); ++k) any_ok = any_ok || batch[k]->result.ok();
    Status end = any_ok ? (*conn)->exec_cached("COMMIT") : (*conn)->exec_cached("ROLLBACK");
    if (!end) {
      for (size_t k = first_open; k < batch.size(); ++k)
        if (batch[k]->result) batch[k]->result = end;
      if ((*conn)->in_transaction() && !(*conn)->exec_cached("ROLLBACK")) {
        spdlog::error("SQLite {}: rollback failed; closing the connection", path_);
        conn->discard();
      }
    }
  }

  // Copies `src` into a new file at `path`, a batch of pages at a time so the
  // copy yields the CPU and disk between batches.
  static Status copy_database(sqlite3* src, const std::string& path) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> dest(raw, sqlite3_close_v2);
    if (rc != SQLITE_OK) return Error::internal("cannot create backup file " + path + ": " + sqlite3_errstr(rc));
    sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", src, "main");
    if (!b) return sqlite_error(dest.get(), sqlite3_errcode(dest.get()), "");
    do {
      rc = sqlite3_backup_step(b, kPagesPerStep);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      else if (rc == SQLITE_OK) std::this_thread::yield();
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    int finish = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return sqlite_error(dest.get(), rc, "");
    if (finish != SQLITE_OK) return sqlite_error(dest.get(), finish, "");
    return {};
  }

 private:
  static constexpr int kPagesPerStep = 1024;
  static constexpr size_t kMaxBatch = 256;  // bodies per shared commit
  const std::string path_;
  const std::chrono::milliseconds wait_;
  const size_t max_batch_;
  std::mutex queue_mu_;  // guards queue_ and leading_
  std::condition_variable queue_cv_;
  std::deque<WriteRequest*> queue_;
  bool leading_ = false;
  ConnectionPool<SqliteConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options) {
  if (path != ":memory:") LL_CHECK(make_parent_folder(path));
  auto db = std::make_unique<SqliteDatabase>(path, options);
  LL_CHECK(db->warm_up());
  return std::unique_ptr<Database>(std::move(db));
}

Status restore_sqlite(const std::string& path, const std::string& source) {
  if (path == ":memory:") return Error::invalid("url", "cannot restore into :memory:");
  if (!std::filesystem::is_regular_file(source)) return Error::not_found("backup file not found: " + source);
  LL_CHECK(make_parent_folder(path));
  auto close = [](sqlite3* db) { sqlite3_close_v2(db); };
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(source.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, decltype(close)> src(raw, close);
  if (rc != SQLITE_OK) return Error::internal("cannot open backup " + source + ": " + sqlite3_errstr(rc));
  // Refuse a damaged or foreign file before touching the destination.
  std::string check;
  rc = sqlite3_exec(
      src.get(), "PRAGMA quick_check",
      [](void* o, int, char** v, char**) {
        if (v[0]) *static_cast<std::string*>(o) += v[0];
        return 0;
      },
      &check, nullptr);
  if (rc != SQLITE_OK || check != "ok")
    return Error::invalid("source", source + " is not a sound SQLite backup: " +
                                        (rc != SQLITE_OK ? std::string(sqlite3_errmsg(src.get())) : check));
  raw = nullptr;
  rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, decltype(close)> dest(raw, close);
  if (rc != SQLITE_OK) return Error::internal("cannot open " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(dest.get(), 1000);
  sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", src.get(), "main");
  if (!b) return sqlite_error(dest.get(), sqlite3_errcode(dest.get()), "");
  rc = sqlite3_backup_step(b, -1);
  int finish = sqlite3_backup_finish(b);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    return Error::conflict(path + " is in use; stop the server before restoring");
  if (rc != SQLITE_DONE) return sqlite_error(dest.get(), rc, "");
  if (finish != SQLITE_OK) return sqlite_error(dest.get(), finish, "");
  // Fold the restored pages into the main file so it stands alone.
  rc = sqlite3_exec(dest.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(dest.get(), rc, "PRAGMA wal_checkpoint(TRUNCATE)");
  return {};
}

}  // namespace lifeline::store
