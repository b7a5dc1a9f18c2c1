// Regression run of the fuzz corpus and of random mutations under the
// normal build: the reader must return a Network or an Error for any bytes,
// and whatever it accepts must be writable and readable again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "net/inp_reader.h"
#include "net/inp_writer.h"
#include "net/test_support.h"

namespace lifeline::net {
namespace {

void read_write_read(std::string_view text, const std::string& label) {
  auto net = parse_inp(text, "case.inp");
  if (!net) {
    ASSERT_EQ(net.error().code, ErrorCode::invalid) << label;
    ASSERT_EQ(net.error().fields.size(), 1u) << label;
    EXPECT_EQ(net.error().fields[0].field.rfind("case.inp:", 0), 0u) << label;
    return;
  }
  auto again = parse_inp(write_inp(*net), "again.inp");
  ASSERT_TRUE(again.ok()) << label << ": " << again.error().message;
  EXPECT_EQ(again->nodes.size(), net->nodes.size()) << label;
  EXPECT_EQ(again->links.size(), net->links.size()) << label;
}

TEST(InpCorpus, EveryCorpusFileReadsOrFailsCleanly) {
  auto dir = testing::source_dir() / "tests" / "fuzz" / "corpus" / "inp_reader";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "corpus not found at " << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    read_write_read(text.str(), entry.path().filename().string());
    ++files;
  }
  EXPECT_GE(files, 20);
}

TEST(InpCorpus, KnownNastyInputsGiveTheirErrors) {
  EXPECT_FALSE(parse_inp("[JUNCTIONS]\nJ1 1e999\n", "x.inp").ok());  // overflow is not a number
  EXPECT_FALSE(parse_inp("[JUNCTIONS]\nJ1 nan\n", "x.inp").ok());
  EXPECT_FALSE(parse_inp("[DEMANDS]\nJ1 1\n", "x.inp").ok());
  auto r = parse_inp("[JUNCTIONS]\nJ1 1\n[END]\n[PIPES]\nP J1 J9 1 1 1\n", "x.inp");
  EXPECT_TRUE(r.ok());  // everything after [END] is ignored, as in EPANET
  EXPECT_TRUE(parse_inp("", "x.inp").ok());
}

TEST(InpCorpus, RandomMutationsOfARealNetworkNeverCrash) {
  std::string base =
      "[TITLE]\nmutation base\n[JUNCTIONS]\nJ1 10 1 PAT\nJ2 12 2\nJ3 8 0\n[RESERVOIRS]\nR 80\n"
      "[TANKS]\nT 40 2 1 5 10 0 VC YES\n[PIPES]\nP1 R J1 100 300 100\nP2 J1 J2 100 300 100 0 CV\n"
      "P3 J2 J3 100 200 100 0 Closed\n[PUMPS]\nPU J3 T HEAD PC SPEED 0.9\n[VALVES]\nV1 J1 J3 150 PRV 30 0\n"
      "[DEMANDS]\nJ2 1 PAT ;hospital\n[STATUS]\nV1 OPEN\n[PATTERNS]\nPAT 1 1.2 0.8\n[CURVES]\nPC 10 50\nVC 0 0\nVC 5 300\n"
      "[CONTROLS]\nLINK PU CLOSED IF NODE T ABOVE 4.5\nLINK P3 OPEN AT TIME 6:00\n[RULES]\nRULE 1\nIF TANK T LEVEL < 1\nTHEN PUMP PU STATUS IS OPEN\n"
      "[ENERGY]\nPUMP PU EFFIC PC\n[EMITTERS]\nJ3 0.1\n[TIMES]\nDURATION 24:00\nSTART CLOCKTIME 6 AM\n"
      "[OPTIONS]\nUNITS GPM\nHEADLOSS D-W\n[COORDINATES]\nJ1 1 2\n[VERTICES]\nP1 5 5\n[TAGS]\nNODE J2 市中心医院\n[END]\n";
  auto net = parse_inp(base, "base.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  auto shared = testing::networks_dir() / "Net3.inp";
  if (std::filesystem::exists(shared)) {
    std::ifstream in(shared, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    read_write_read(text.str(), "Net3");
  }
  std::mt19937_64 rng(2020);
  const std::string alphabet = " \t\r\n;[]\"0123456789.-+eE:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (int i = 0; i < 3000; ++i) {
    std::string text = base.substr(0, base.find("[END]"));
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 5) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + rng() % 20); break;
        case 2: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 3: text.insert(at, text.substr(rng() % text.size(), 1 + rng() % 60)); break;
        default: text[at] = static_cast<char>(rng() % 256); break;
      }
    }
    read_write_read(text, "mutation " + std::to_string(i));
    if (::testing::Test::HasFatalFailure()) {
      ADD_FAILURE() << "input was:\n" << text;
      return;
    }
  }
}

}  // namespace
}  // namespace lifeline::net
