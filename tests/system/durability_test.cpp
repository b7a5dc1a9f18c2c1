// Nothing acknowledged may be lost: the real `lifeline serve` takes check-ins
// from several client threads, is killed with SIGKILL mid-load, restarts on
// the same database, and every acknowledged (2xx) check-in must be there with
// the acknowledged content; re-sending every acknowledged request with its
// Idempotency-Key replays the first answer and adds no row.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/local_time.h"
#include "http/client.h"
#include "support/test_database.h"
#include "system/child_process.h"

extern char** environ;

namespace lifeline::test {
namespace {

namespace fs = std::filesystem;

struct Sent {
  std::string key, body;
  int64_t staff_id = 0;
  double temperature = 0;
  std::string remarks;
  int status = 0;
  nlohmann::json response;
};

class Durability : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::create();
    if (!database_) GTEST_SKIP() << "LIFELINE_TEST_PG_URL is not set";
    dir_ = fs::temp_directory_path() / ("lifeline_durability_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    log_ = (dir_ / "lifeline.log").string();
    ::setenv("LIFELINE_LOG_LEVEL", "warn", 1);
  }
  void TearDown() override {
    if (server_ > 0) {
      ::kill(server_, SIGKILL);
      ::waitpid(server_, nullptr, 0);
    }
    database_.reset();
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }

  void start_server() {
    port_ = free_port();
    server_ = spawn({"serve", "--db", database_->url(), "--port", std::to_string(port_), "--host", "127.0.0.1",
                     "--web-root", dir_.string()},
                    log_);
    ASSERT_GT(server_, 0);
    ASSERT_TRUE(wait_ready(port_, server_, std::chrono::seconds(60))) << read_file(log_);
  }

  int64_t scalar(const std::string& sql, const store::Params& params = {}) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one(sql, params));
      if (!row) return Error::internal("no row");
      return row->integer(0);
    });
    return r ? *r : -1;
  }

  std::unique_ptr<TestDatabase> database_;
  fs::path dir_;
  std::string log_;
  uint16_t port_ = 0;
  pid_t server_ = -1;
};

TEST_F(Durability, EveryAcknowledgedCheckinSurvivesSigkill) {
  // A register of 3,000 people in 2 utilities, a level-I emergency, tokens of the health officers.
  const std::string tokens = (dir_ / "tokens.tsv").string();
  ASSERT_EQ(run({"health", "generate", "--db", database_->url(), "--utilities", "2", "--staff", "3000", "--days",
                 "1", "--open-window", "--fast-hash", "--tokens", tokens, "--seed", "7"},
                log_),
            0)
      << read_file(log_);
  struct Utility {
    std::string token;
    int64_t first = 0, last = 0;
  };
  std::vector<Utility> utilities;
  {
    std::ifstream in(tokens);
    std::string code, id, first, last, token;
    while (in >> code >> id >> first >> last >> token) utilities.push_back({token, std::stoll(first), std::stoll(last)});
  }
  ASSERT_EQ(utilities.size(), 2u);
  ASSERT_NO_FATAL_FAILURE(start_server());
  auto local = LocalTime::load("Asia/Shanghai");
  ASSERT_TRUE(local);

  // Each thread owns a slice of one utility's register: a person is sent at
  // most twice, one request after the other, so the last acknowledged (or
  // the one in flight when the server died) is the content to find.
  constexpr int kThreads = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0}, errors{0};
  std::vector<std::vector<Sent>> acked(kThreads);
  std::vector<std::optional<Sent>> in_flight(kThreads);
  std::vector<std::string> unexpected(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Utility& u = utilities[static_cast<size_t>(t % 2)];
      const int64_t span = (u.last - u.first + 1) / 2;
      const int64_t from = u.first + (t / 2) * span;
      http::Client client("127.0.0.1", port_);
      std::mt19937 rng(static_cast<unsigned>(t + 1));
      int n = 0;
      for (int64_t staff = from; staff < from + span && !stop; ++staff) {
        const int sends = rng() % 3 == 0 ? 2 : 1;  // a third are resubmitted the same day (200, updated)
        for (int s = 0; s < sends && !stop; ++s) {
          Sent x;
          x.key = "dur-" + std::to_string(t) + "-" + std::to_string(n++);
          x.staff_id = staff;
          x.temperature = 36.0 + static_cast<double>(rng() % 12) / 10.0;
          x.remarks = "durability " + x.key;
          x.body = nlohmann::json{{"staff_id", staff},
                                  {"temperature", x.temperature},
                                  {"symptoms", nlohmann::json::array()},
                                  {"location", "in_town"},
                                  {"risk_travel", false},
                                  {"contact", "none"},
                                  {"work_status", "on_duty"},
                                  {"remarks", x.remarks}}
                       .dump();
          in_flight[static_cast<size_t>(t)] = x;
          auto r = client.request("POST", "/api/v1/health/checkins", x.body,
                                  {{"Authorization", "Bearer " + u.token},
                                   {"Idempotency-Key", x.key},
                                   {"Content-Type", "application/json"}});
          if (!r) {
            ++errors;  // the server is gone: what was in flight may or may not have committed
            return;
          }
          if (r->status != 200 && r->status != 201) {
            unexpected[static_cast<size_t>(t)] = std::to_string(r->status) + " " + r->body;
            return;
          }
          x.status = r->status;
          x.response = r->json();
          acked[static_cast<size_t>(t)].push_back(x);
          in_flight[static_cast<size_t>(t)].reset();
          ++acknowledged;
        }
      }
    });
  }
  // Let the load run, then kill the server while requests are in flight.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acknowledged < 400 && std::chrono::steady_clock::now() < deadline) {
    bool failed = false;
    for (const auto& u : unexpected) failed = failed || !u.empty();
    if (failed) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(::kill(server_, SIGKILL), 0);
  ::waitpid(server_, nullptr, 0);
  server_ = -1;
  stop = true;
  for (auto& th : threads) th.join();
  for (const auto& u : unexpected) ASSERT_TRUE(u.empty()) << "unexpected answer: " << u;
  ASSERT_GE(acknowledged.load(), 50) << "too little load before the kill";
  EXPECT_GT(errors.load(), 0) << "the kill should have interrupted requests in flight";

  ASSERT_NO_FATAL_FAILURE(start_server());
  const std::string today = local->date(from_millis(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                        std::chrono::system_clock::now().time_since_epoch())
                                                        .count()));
  // The last acknowledged content per person, or the request in flight after it.
  std::map<int64_t, std::vector<const Sent*>> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (const auto& x : acked[static_cast<size_t>(t)]) expected[x.staff_id] = {&x};
    if (in_flight[static_cast<size_t>(t)]) {
      const Sent& f = *in_flight[static_cast<size_t>(t)];
      expected[f.staff_id].push_back(&f);
    }
  }
  int64_t checked = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (const auto& x : acked[static_cast<size_t>(t)]) {
      std::string day = today;
      if (x.response.is_object() && x.response.contains("day") && x.response["day"].is_string())
        day = x.response["day"].get<std::string>();
      auto row = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) {
        return tx.query_one("SELECT temperature, remarks FROM checkins WHERE staff_id = ? AND day = ?",
                            {x.staff_id, day});
      });
      ASSERT_TRUE(row) << row.error().message;
      ASSERT_TRUE(row->has_value()) << "acknowledged check-in lost: " << x.key << " staff " << x.staff_id;
      bool matches = false;
      for (const Sent* candidate : expected[x.staff_id]) {
        matches = matches || ((*row)->text(1) == candidate->remarks &&
                              std::abs((*row)->real(0) - candidate->temperature) < 1e-6);
      }
      EXPECT_TRUE(matches) << "staff " << x.staff_id << " has " << (*row)->text(1) << ", acknowledged " << x.remarks;
      ++checked;
    }
  }
  EXPECT_EQ(checked, acknowledged.load());

  // Every acknowledged request again, with its key: the first answer, no new row, no new version.
  const int64_t rows = scalar("SELECT COUNT(*) FROM checkins WHERE day = ?", {today});
  const int64_t versions = scalar("SELECT SUM(version) FROM checkins WHERE day = ?", {today});
  http::Client client("127.0.0.1", port_);
  int replayed = 0;
  for (int t = 0; t < kThreads; ++t) {
    const Utility& u = utilities[static_cast<size_t>(t % 2)];
    for (const auto& x : acked[static_cast<size_t>(t)]) {
      auto r = client.request("POST", "/api/v1/health/checkins", x.body,
                              {{"Authorization", "Bearer " + u.token},
                               {"Idempotency-Key", x.key},
                               {"Content-Type", "application/json"}});
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(r->status, x.status) << x.key << ": " << r->body;
      EXPECT_EQ(r->json(), x.response) << x.key;
      ++replayed;
    }
  }
  EXPECT_EQ(replayed, acknowledged.load());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM checkins WHERE day = ?", {today}), rows);
  EXPECT_EQ(scalar("SELECT SUM(version) FROM checkins WHERE day = ?", {today}), versions);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT staff_id FROM checkins GROUP BY staff_id, day HAVING COUNT(*) > 1) d"),
            0);
  std::printf("durability (%s): %d acknowledged before SIGKILL, all present after restart; %d replays\n",
              database_->postgres() ? "postgres" : "sqlite", acknowledged.load(), replayed);
}

}  // namespace
}  // namespace lifeline::test
