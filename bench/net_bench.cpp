// Network engine benchmarks on the shared EPANET networks and on generated
// cities of 10k, 100k and 1M links: reading the .inp, segments, the
// precomputed supply model, one isolation plan per pipe (median and p99 as
// counters), dual supply for all priority customers, full criticality, and
// the per-segment brute force for the speed-up (where it finishes).
//
// Environment: LIFELINE_SHARED_DIR (default /work/shared), LIFELINE_BENCH_SIZES
// (default "10000,100000,1000000").
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/isolation_plan.h"
#include "net/city_generator.h"
#include "net/inp_reader.h"
#include "net/inp_writer.h"

namespace {

using namespace lifeline;

struct Case {
  std::string name;
  std::string inp_path;  // a file to time reading on
  net::Network net;
  net::ValveLayer layer;
  std::vector<net::PriorityCustomer> customers;
  std::unique_ptr<analysis::SegmentedNetwork> supply;
};

std::filesystem::path shared_dir() {
  const char* dir = std::getenv("LIFELINE_SHARED_DIR");
  return dir ? dir : "/work/shared";
}

// Shared networks have no priority customers: take the 20 largest-demand junctions.
std::vector<net::PriorityCustomer> stand_in_customers(const net::Network& net) {
  std::vector<std::pair<double, net::Index>> demand;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    double d = 0;
    for (const auto& x : net.nodes[i].demands) d += x.base;
    if (d > 0) demand.emplace_back(d, static_cast<net::Index>(i));
  }
  std::sort(demand.rbegin(), demand.rend());
  std::vector<net::PriorityCustomer> out;
  for (std::size_t i = 0; i < std::min<std::size_t>(20, demand.size()); ++i) out.push_back({demand[i].second, "top" + std::to_string(i), "stand-in"});
  return out;
}

std::map<std::string, std::unique_ptr<Case>>& cases() {
  static std::map<std::string, std::unique_ptr<Case>> all;
  return all;
}

Case& shared_case(const std::string& name) {
  auto& slot = cases()[name];
  if (!slot) {
    slot = std::make_unique<Case>();
    slot->name = name;
    slot->inp_path = (shared_dir() / "networks" / (name + ".inp")).string();
    slot->net = *net::read_inp(slot->inp_path);
    auto csv = shared_dir() / "networks" / "segments" / (name + ".strategic_n2.valves.csv");
    slot->layer = *net::read_valve_csv(csv.string(), slot->net);
    slot->customers = stand_in_customers(slot->net);
    slot->supply = std::make_unique<analysis::SegmentedNetwork>(slot->net, slot->layer, slot->customers);
  }
  return *slot;
}

Case& city_case(std::int64_t links) {
  std::string name = "city" + std::to_string(links);
  auto& slot = cases()[name];
  if (!slot) {
    slot = std::make_unique<Case>();
    slot->name = name;
    net::City city = net::generate_city({links, 1});
    slot->net = std::move(city.network);
    slot->layer = std::move(city.valves);
    slot->customers = std::move(city.customers);
    slot->inp_path = (std::filesystem::temp_directory_path() / ("lifeline_bench_" + name + ".inp")).string();
    std::ofstream(slot->inp_path) << net::write_inp(slot->net);
    slot->supply = std::make_unique<analysis::SegmentedNetwork>(slot->net, slot->layer, slot->customers);
  }
  return *slot;
}

void counters(benchmark::State& state, const Case& c) {
  state.counters["links"] = static_cast<double>(c.net.links.size());
  state.counters["segments"] = static_cast<double>(c.supply->graph().size());
}

void read_inp(benchmark::State& state, Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(net::read_inp(c->inp_path));
  counters(state, *c);
}

void segments(benchmark::State& state, Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(analysis::find_segments(c->net, c->layer));
  counters(state, *c);
}

void supply_model(benchmark::State& state, Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(analysis::SegmentedNetwork(c->net, c->layer, c->customers));
  counters(state, *c);
}

// Every pipe (at most 100 000, evenly spread) gets a plan; each plan is timed.
void isolation_plan_per_pipe(benchmark::State& state, Case* c) {
  std::vector<net::Index> pipes;
  for (std::size_t i = 0; i < c->net.links.size(); ++i) {
    if (c->net.links[i].type == net::LinkType::pipe) pipes.push_back(static_cast<net::Index>(i));
  }
  std::size_t stride = std::max<std::size_t>(1, pipes.size() / 100'000);
  std::vector<double> micros;
  for (auto _ : state) {
    micros.clear();
    for (std::size_t i = 0; i < pipes.size(); i += stride) {
      auto start = std::chrono::steady_clock::now();
      auto plan = analysis::plan_isolation(*c->supply, {analysis::Failure::on_link(pipes[i]), {}, false});
      benchmark::DoNotOptimize(plan);
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  state.counters["plans"] = static_cast<double>(micros.size());
  state.counters["median_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  state.counters["max_us"] = micros.back();
  counters(state, *c);
}

// Plans with three random boundary valves inoperable (the bounded search).
void isolation_plan_inoperable(benchmark::State& state, Case* c) {
  std::vector<double> micros;
  std::uint64_t x = 88172645463325252ull;
  auto next = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
  for (auto _ : state) {
    micros.clear();
    for (int k = 0; k < 2000; ++k) {
      auto link = static_cast<net::Index>(next() % c->net.links.size());
      analysis::IsolationRequest req{analysis::Failure::on_link(link), {}, false};
      auto s = c->supply->segments().link_segment[static_cast<std::size_t>(link)];
      for (const auto& e : c->supply->graph().edges(s)) {
        if (req.inoperable_valves.size() < 3 && next() % 2) req.inoperable_valves.push_back(e.valve);
      }
      auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(analysis::plan_isolation(*c->supply, req));
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  state.counters["median_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
  counters(state, *c);
}

void dual_supply(benchmark::State& state, Case* c) {
  std::vector<net::Index> nodes;
  for (const auto& pc : c->customers) nodes.push_back(pc.node);
  for (auto _ : state) benchmark::DoNotOptimize(analysis::assess_dual_supply(*c->supply, nodes));
  state.counters["customers"] = static_cast<double>(nodes.size());
  counters(state, *c);
}

void criticality(benchmark::State& state, Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(analysis::rank_criticality(*c->supply));
  counters(state, *c);
}

// From the model: segments, segment graph, dominator tree and the ranking.
void criticality_from_scratch(benchmark::State& state, Case* c) {
  for (auto _ : state) {
    analysis::SegmentedNetwork sn(c->net, c->layer, c->customers);
    benchmark::DoNotOptimize(analysis::rank_criticality(sn));
  }
  counters(state, *c);
}

void criticality_brute_force(benchmark::State& state, Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(analysis::criticality_by_removal(*c->supply));
  counters(state, *c);
}

// Too slow to finish on big networks: time the removal search for 200
// evenly spread segments and extrapolate to all of them.
void criticality_brute_force_sampled(benchmark::State& state, Case* c) {
  const analysis::SegmentId n = c->supply->graph().size();
  const analysis::SegmentId step = std::max<analysis::SegmentId>(1, n / 200);
  double seconds = 0;
  std::size_t sampled = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    for (analysis::SegmentId s = 0; s < n; s += step, ++sampled) {
      benchmark::DoNotOptimize(analysis::cut_off_by_search(*c->supply, {s}));
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  state.counters["sampled"] = static_cast<double>(sampled);
  state.counters["extrapolated_ms"] = 1000.0 * seconds / static_cast<double>(sampled) * n;
  counters(state, *c);
}

void register_case(const std::string& name, Case* c, bool huge) {
  auto once = [huge](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMillisecond);
    if (huge) b->Iterations(1);
  };
  once(benchmark::RegisterBenchmark(("read_inp/" + name).c_str(), read_inp, c));
  once(benchmark::RegisterBenchmark(("segments/" + name).c_str(), segments, c));
  once(benchmark::RegisterBenchmark(("supply_model/" + name).c_str(), supply_model, c));
  benchmark::RegisterBenchmark(("isolation_plan_per_pipe/" + name).c_str(), isolation_plan_per_pipe, c)
      ->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::RegisterBenchmark(("isolation_plan_inoperable/" + name).c_str(), isolation_plan_inoperable, c)
      ->Unit(benchmark::kMillisecond)->Iterations(1);
  once(benchmark::RegisterBenchmark(("dual_supply_all_customers/" + name).c_str(), dual_supply, c));
  once(benchmark::RegisterBenchmark(("criticality/" + name).c_str(), criticality, c));
  once(benchmark::RegisterBenchmark(("criticality_from_scratch/" + name).c_str(), criticality_from_scratch, c));
  if (c->supply->graph().size() <= 20'000) {
    benchmark::RegisterBenchmark(("criticality_brute_force/" + name).c_str(), criticality_brute_force, c)
        ->Unit(benchmark::kMillisecond)->Iterations(1);
  } else {
    benchmark::RegisterBenchmark(("criticality_brute_force_sampled/" + name).c_str(), criticality_brute_force_sampled, c)
        ->Unit(benchmark::kMillisecond)->Iterations(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const char* shared[] = {"Net1", "Net2", "Net3", "CTown", "Balerma", "Richmond_standard", "L-Town", "ky10", "EXNET", "Net6", "BWSN_Network_2"};
  if (std::filesystem::exists(shared_dir() / "networks" / "Net1.inp")) {
    for (const char* name : shared) register_case(name, &shared_case(name), false);
  }
  std::string sizes = std::getenv("LIFELINE_BENCH_SIZES") ? std::getenv("LIFELINE_BENCH_SIZES") : "10000,100000,1000000";
  std::stringstream list(sizes);
  for (std::string item; std::getline(list, item, ',');) {
    std::int64_t links = std::stoll(item);
    register_case("city" + item, &city_case(links), links >= 100'000);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (auto& [name, c] : cases()) {
    if (name.rfind("city", 0) == 0) std::filesystem::remove(c->inp_path);
  }
  return 0;
}
