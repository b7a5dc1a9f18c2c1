#include "store/notify_channel.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>

#include "store/postgres_tools.h"

namespace lifeline::store {

struct NotifyChannel::Connection {
  PGconn* conn = nullptr;
  ~Connection() { PQfinish(conn); }
  bool ok() const { return conn && PQstatus(conn) == CONNECTION_OK; }
};

namespace {

Result<std::unique_ptr<NotifyChannel::Connection>> connect_to(const std::string& url);

std::string last_error(PGconn* conn) {
  std::string why = conn ? PQerrorMessage(conn) : "out of memory";
  while (!why.empty() && why.back() == '\n') why.pop_back();
  return why;
}

// Runs parameterless SQL; the error text when it failed.
Status run(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PGresult* res = PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
  const auto st = PQresultStatus(res);
  const bool good = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  std::string why = good ? "" : last_error(conn);
  PQclear(res);
  if (good) return {};
  return Error::unavailable("PostgreSQL notification channel: " + why);
}

bool valid_channel(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

}  // namespace

NotifyChannel::NotifyChannel(std::string url, std::string channel) : url_(std::move(url)), channel_(std::move(channel)) {}

NotifyChannel::~NotifyChannel() = default;

namespace {
Result<std::unique_ptr<NotifyChannel::Connection>> connect_to(const std::string& url) {
  const char* keys[] = {"connect_timeout", "client_encoding", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "UTF8", "lifeline-events", url.c_str(), nullptr};
  auto c = std::make_unique<NotifyChannel::Connection>();
  c->conn = PQconnectdbParams(keys, values, 1);
  if (!c->ok()) return Error::unavailable("cannot connect to PostgreSQL at " + redact_url(url) + ": " + last_error(c->conn));
  return c;
}
}  // namespace

Result<std::unique_ptr<NotifyChannel>> NotifyChannel::open(const std::string& url, const std::string& channel) {
  if (!valid_channel(channel)) return Error::invalid("channel", "use letters, digits and '_'");
  LL_TRY(auto sender, connect_to(url));
  // Channels are per database, schemas are not: servers of one schema share
  // a channel, and tests in schemas of their own do not hear each other.
  PGresult* res = PQexec(sender->conn, "SELECT current_schema()");
  std::string schema = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "";
  PQclear(res);
  std::string name = channel;
  for (char c : schema) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (!schema.empty()) name.insert(channel.size(), "_");
  name = name.substr(0, 63);
  auto ch = std::unique_ptr<NotifyChannel>(new NotifyChannel(url, name));
  ch->sender_ = std::move(sender);
  LL_CHECK(ch->listen());
  return ch;
}

Status NotifyChannel::listen() {
  LL_TRY(listener_, connect_to(url_));
  return run(listener_->conn, "LISTEN " + channel_);
}

Status NotifyChannel::notify(const std::string& payload) {
  if (payload.size() > kMaxPayload) return Error::invalid("payload", "longer than " + std::to_string(kMaxPayload) + " bytes");
  std::lock_guard lock(send_mu_);
  for (int attempt = 0;; ++attempt) {
    if (!sender_ || !sender_->ok()) {
      auto c = connect_to(url_);
      if (!c) return c.error();
      sender_ = std::move(*c);
    }
    Status st = run(sender_->conn, "SELECT pg_notify($1, $2)", {channel_, payload});
    if (st || attempt > 0 || sender_->ok()) return st;  // retry only a dropped connection, once
  }
}

Result<std::vector<std::string>> NotifyChannel::wait(std::chrono::milliseconds timeout) {
  std::vector<std::string> out;
  if (!listener_ || !listener_->ok()) LL_CHECK(listen());
  PGconn* conn = listener_->conn;
  auto drain = [&] {
    while (PGnotify* n = PQnotifies(conn)) {
      out.emplace_back(n->extra ? n->extra : "");
      PQfreemem(n);
    }
  };
  drain();
  if (!out.empty()) return out;
  pollfd fd{PQsocket(conn), POLLIN, 0};
  const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready < 0) return out;  // interrupted: the caller waits again
  if (ready > 0 && PQconsumeInput(conn) == 0) {
    Error e = Error::unavailable("the PostgreSQL notification channel dropped: " + last_error(conn));
    listener_.reset();  // listen again on the next call
    return e;
  }
  drain();
  return out;
}

}  // namespace lifeline::store
