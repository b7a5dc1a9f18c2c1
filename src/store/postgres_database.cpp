#include "store/postgres_database.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "store/connection_pool.h"
#include "store/file_commit.h"
#include "store/nesting_guard.h"
#include "store/placeholders.h"
#include "store/postgres_tools.h"
#include "store/tx_body.h"

namespace lifeline::store {
namespace {

// Serialisation failures and deadlocks are expected under concurrent writers
// (docs/concurrency.md); the body runs again after a short, growing, jittered pause.
constexpr int kMaxRetries = 10;

// Type OIDs from pg_type.h (stable across versions).
enum : Oid { kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700, kFloat8 = 701,
             kNumeric = 1700 };

using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

bool is_state(const char* state, const char* code) { return state && std::strcmp(state, code) == 0; }

bool retryable(const char* state) { return is_state(state, "40001") || is_state(state, "40P01"); }

// Maps a failed statement to an Error, in the same words as the SQLite backend.
Error pg_error(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string msg = primary ? primary : PQerrorMessage(conn);
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  if (detail) msg += ": " + std::string(detail);
  if (is_state(state, "23505")) return Error::conflict("already exists (" + msg + ")");
  if (is_state(state, "23503")) return Error::conflict("refers to a missing row or is still referenced (" + msg + ")");
  if (is_state(state, "23514")) return Error::conflict("breaks a rule of the data (" + msg + ")");
  if (is_state(state, "23502")) return Error::conflict("a required value is missing (" + msg + ")");
  if (retryable(state)) return Error::unavailable("the database is busy; try again (" + msg + ")");
  if (is_state(state, "55P03")) return Error::unavailable("timed out waiting for a database lock (" + msg + ")");
  // Connection trouble (class 08), shutdown (57P), no resources (53), or no result at all.
  if (PQstatus(conn) != CONNECTION_OK || !state || std::strncmp(state, "08", 2) == 0 ||
      std::strncmp(state, "57P", 3) == 0 || std::strncmp(state, "53", 2) == 0)
    return Error::unavailable("the database is unreachable (" + msg + ")");
  return Error::internal("PostgreSQL: " + msg + " in: " + std::string(sql));
}

std::string format_param(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

Value cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Value();
  const char* text = PQgetvalue(res, row, col);
  const size_t len = static_cast<size_t>(PQgetlength(res, row, col));
  switch (PQftype(res, col)) {
    case kInt2: case kInt4: case kInt8: case kOid: {
      int64_t v = 0;
      std::from_chars(text, text + len, v);
      return Value(v);
    }
    case kFloat4: case kFloat8: case kNumeric: return Value(Value(std::string(text, len)).real());
    case kBool: return Value(text[0] == 't');
    case kBytea: {
      size_t n = 0;
      unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
      if (!bytes) return Value(std::string(text, len));
      std::string out(reinterpret_cast<const char*>(bytes), n);
      PQfreemem(bytes);
      return Value(std::move(out));
    }
    default: return Value(std::string(text, len));
  }
}

class PgConnection {
 public:
  static Result<std::unique_ptr<PgConnection>> connect(const std::string& url) {
    // Keywords are applied in order, so the URL (expanded from dbname) overrides these defaults.
    const char* keys[] = {"connect_timeout", "client_encoding", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "UTF8", "lifeline", url.c_str(), nullptr};
    auto conn = std::unique_ptr<PgConnection>(new PgConnection(PQconnectdbParams(keys, values, 1)));
    if (!conn->ok()) {
      std::string why = conn->conn_ ? PQerrorMessage(conn->conn_) : "out of memory";
      while (!why.empty() && why.back() == '\n') why.pop_back();
      return Error::unavailable("cannot connect to PostgreSQL at " + redact_url(url) + ": " + why);
    }
    // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
    PQsetNoticeProcessor(
        conn->conn_, [](void*, const char* message) { spdlog::debug("PostgreSQL notice: {}", message); }, nullptr);
    return conn;
  }
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* get() const { return conn_; }
  bool ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  bool reset() {
    PQreset(conn_);
    return ok();
  }

  // Runs parameterless SQL (one or more statements); the last result.
  PgResult exec(const char* sql) { return PgResult(PQexec(conn_, sql), PQclear); }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

// 1-2 ms after the first failure, doubling up to 32-64 ms; the jitter keeps
// two transactions that deadlocked from meeting again in step.
std::chrono::microseconds backoff(int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const int64_t base = 1000LL << std::min(attempt - 1, 5);
  return std::chrono::microseconds(base + static_cast<int64_t>(rng() % static_cast<uint64_t>(base)));
}

bool succeeded(const PGresult* res) {
  auto st = PQresultStatus(res);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& conn) : conn_(conn) {}

  Result<Rows> query(std::string_view sql, const Params& params) override {
    LL_TRY(PgResult res, execute(sql, params));
    Rows rows;
    const int n = PQntuples(res.get()), cols = PQnfields(res.get());
    rows.reserve(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(cols));
      for (int c = 0; c < cols; ++c) values.push_back(cell(res.get(), r, c));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Result<int64_t> exec(std::string_view sql, const Params& params) override {
    LL_TRY(PgResult res, execute(sql, params));
    return Value(PQcmdTuples(res.get())).integer();  // "" for statements that change no rows
  }

  Dialect dialect() const override { return Dialect::postgres; }

  // The first failure in this transaction: PostgreSQL aborts the whole
  // transaction on any error, so it decides the outcome even if the body
  // ignored it.
  const std::optional<Error>& first_error() const { return first_error_; }
  bool should_retry() const { return retry_; }
  bool connection_lost() const { return lost_; }

 private:
  Result<PgResult> execute(std::string_view sql, const Params& params) {
    NumberedSql numbered = number_placeholders(sql);
    if (numbered.count != static_cast<int>(params.size()))
      return fail(Error::internal("statement takes " + std::to_string(numbered.count) + " parameters, got " +
                                  std::to_string(params.size()) + ": " + std::string(sql)));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size());
    // Numbers are typed so `? IS NULL`-style uses and function overloads
    // resolve; text stays untyped so the server reads it as the column's type.
    std::vector<Oid> types(params.size(), 0);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (v.is_null()) continue;
      if (v.is_integer()) {
        texts[i] = std::to_string(v.integer());
        types[i] = kInt8;
      } else if (v.is_real()) {
        texts[i] = format_param(v.real());
        types[i] = kFloat8;
      }
      values[i] = v.is_text() ? v.text().c_str() : texts[i].c_str();
    }
    PgResult res(PQexecParams(conn_.get(), numbered.sql.c_str(), static_cast<int>(params.size()), types.data(),
                              values.data(), nullptr, nullptr, 0),
                 PQclear);
    if (res && succeeded(res.get())) return res;
    const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    retry_ = retry_ || retryable(state);
    lost_ = lost_ || !conn_.ok();
    return fail(pg_error(conn_.get(), res.get(), sql));
  }

  Error fail(Error e) {
    if (!first_error_) first_error_ = e;
    return e;
  }

  PgConnection& conn_;
  std::optional<Error> first_error_;
  bool retry_ = false;
  bool lost_ = false;
};

// What one attempt at a transaction came to.
struct Attempt {
  Status status;
  bool retry = false;      // serialisation failure or deadlock: run it again
  bool lost = false;       // the connection dropped before COMMIT was sent
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const OpenOptions& options)
      : url_(std::move(url)),
        wait_(options.busy_timeout_ms),
        begin_write_("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '" +
                     std::to_string(options.busy_timeout_ms) + "ms'"),
        pool_(static_cast<size_t>(options.pool_size), [this] { return PgConnection::connect(url_); }) {}

  Status warm_up() {
    LL_TRY(auto conn, pool_.acquire(wait_));
    return {};
  }

  Dialect dialect() const override { return Dialect::postgres; }

  Status run(TxMode mode, const std::function<Status(Tx&)>& body) override {
    NestingGuard nesting(this);
    if (nesting.nested()) return Error::internal("a transaction was started inside another one on the same thread");
    LL_TRY(auto conn, pool_.acquire(wait_));
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
      // One reconnect per transaction, whether the connection was found broken or broke under us.
      if (!conn->ok()) {
        if (reconnected || !conn->reset()) {
          conn.discard();
          return Error::unavailable("lost the connection to PostgreSQL and could not reconnect");
        }
        reconnected = true;
      }
      Attempt a = try_once(*conn, mode, body);
      if (a.status) return {};
      if (conn->ok() && !conn->idle()) {
        spdlog::error("PostgreSQL: connection left inside a transaction; closing it");
        conn.discard();
        return a.status;
      }
      if (a.lost && !reconnected) continue;
      if (!a.retry) return a.status;
      if (attempt > kMaxRetries)
        return Error::unavailable("gave up after " + std::to_string(attempt) +
                                  " attempts: " + a.status.error().message);
      std::this_thread::sleep_for(backoff(attempt));  // let the other side finish
    }
  }

  Status ping() override {
    return run(TxMode::read, [](Tx& tx) -> Status {
      LL_CHECK(tx.query("SELECT 1"));
      return {};
    });
  }

  Status backup(const std::string& destination) override {
    LL_CHECK(make_parent_folder(destination));
    const std::string tmp = destination + ".tmp";
    // pg_dump reads one snapshot (REPEATABLE READ), so writers carry on.
    Status st = run_pg_tool("pg_dump", {"--format=custom", "--file=" + tmp}, url_);
    if (!st) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      return st;
    }
    return commit_file(tmp, destination);
  }

 private:
  Attempt try_once(PgConnection& conn, TxMode mode, const std::function<Status(Tx&)>& body) {
    PgResult begin = conn.exec(mode == TxMode::write ? begin_write_.c_str()
                                                     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begin || !succeeded(begin.get())) {
      Error e = pg_error(conn.get(), begin.get(), "BEGIN");
      if (conn.ok() && !conn.idle()) static_cast<void>(conn.exec("ROLLBACK"));
      return {std::move(e), false, !conn.ok()};
    }
    PgTx tx(conn);
    Status result = call_body(body, tx);
    if (result && tx.first_error()) result = *tx.first_error();  // the body swallowed an error; PostgreSQL did not
    if (result) {
      PgResult commit = conn.exec("COMMIT");
      if (commit && succeeded(commit.get())) return {};
      // A dropped connection during COMMIT leaves the outcome unknown: never retry that.
      Error e = pg_error(conn.get(), commit.get(), "COMMIT");
      if (!conn.ok()) e = Error::unavailable("the connection dropped during COMMIT; the outcome is unknown");
      const char* state = commit ? PQresultErrorField(commit.get(), PG_DIAG_SQLSTATE) : nullptr;
      if (conn.ok() && !conn.idle()) static_cast<void>(conn.exec("ROLLBACK"));
      return {std::move(e), retryable(state), false};
    }
    if (conn.ok()) static_cast<void>(conn.exec("ROLLBACK"));
    return {std::move(result), tx.should_retry(), tx.connection_lost()};
  }

  const std::string url_;
  const std::chrono::milliseconds wait_;
  const std::string begin_write_;
  ConnectionPool<PgConnection> pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options) {
  auto db = std::make_unique<PgDatabase>(url, options);
  LL_CHECK(db->warm_up());
  return std::unique_ptr<Database>(std::move(db));
}

Status restore_postgres(const std::string& url, const std::string& source) {
  if (!std::filesystem::is_regular_file(source)) return Error::not_found("backup file not found: " + source);
  // One transaction: a failed restore leaves the database as it was.
  return run_pg_tool("pg_restore", {"--clean", "--if-exists", "--single-transaction", "--exit-on-error", source},
                     url);
}

}  // namespace lifeline::store
