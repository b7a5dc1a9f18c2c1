#include "analysis/burst_shortfall.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "hydraulics/simulation.h"

namespace lifeline::analysis {
namespace {

constexpr double kNoticeable = 1e-3;  // served-fraction drop worth reporting

std::size_t at(std::int64_t i) { return static_cast<std::size_t>(i); }

// A burst somewhere in each segment: its first link, or its first node for
// a segment of nodes only. The plan depends on the segment, not the element.
std::vector<Failure> burst_sites(const SegmentedNetwork& sn) {
  const auto& seg = sn.segments();
  std::vector<Failure> sites(at(seg.count), Failure{Failure::Kind::link, net::kNone});
  for (std::size_t l = seg.link_segment.size(); l-- > 0;) sites[at(seg.link_segment[l])] = Failure::on_link(static_cast<net::Index>(l));
  for (std::size_t n = seg.node_segment.size(); n-- > 0;) {
    auto& site = sites[at(seg.node_segment[n])];
    if (site.index == net::kNone || site.kind == Failure::Kind::node) site = Failure::at_node(static_cast<net::Index>(n));
  }
  return sites;
}

bool worse(const SegmentBurst& a, const SegmentBurst& b) {
  if (a.customers_cut_off != b.customers_cut_off) return a.customers_cut_off > b.customers_cut_off;
  if (a.shortfall_lps != b.shortfall_lps) return a.shortfall_lps > b.shortfall_lps;
  if (a.fraction_lost != b.fraction_lost) return a.fraction_lost > b.fraction_lost;
  return a.segment < b.segment;
}

// One customer's change; `b.affected` stays in customer order when called in it.
void record(SegmentBurst& b, std::int32_t c, const NodeSupply& was, const NodeSupply& now) {
  const double drop = was.served_fraction - now.served_fraction;
  const bool newly_cut = now.status == SupplyStatus::cut_off && was.status != SupplyStatus::cut_off;
  if (drop < kNoticeable && !newly_cut) return;
  CustomerShortfall cs{c, now.served_fraction, std::max(0.0, was.served_lps - now.served_lps), now.status};
  b.customers_cut_off += newly_cut;
  b.shortfall_lps += cs.shortfall_lps;
  b.fraction_lost += std::max(0.0, drop);
  b.affected.push_back(cs);
}

SegmentBurst compare(SegmentId s, const IsolationPlan& plan, const SupplySnapshot& before, const SupplySnapshot& after) {
  SegmentBurst b;
  b.segment = s;
  b.valves_to_close = static_cast<std::int32_t>(plan.valves_to_close.size());
  b.iterations = after.iterations;
  b.balanced = after.balanced;
  for (std::size_t c = 0; c < after.nodes.size(); ++c) record(b, static_cast<std::int32_t>(c), before.nodes[c], after.nodes[c]);
  return b;
}

// A pendant shutdown without a solve: the area's customers cut off (as a
// solve marks them: no path to a source, nothing served), everyone else
// served at least as before, i.e. not affected.
SegmentBurst pendant(SegmentId s, const IsolationPlan& plan, const ShutdownArea& area, const SupplySnapshot& before,
                     const PdaSettings& pda) {
  SegmentBurst b;
  b.segment = s;
  b.valves_to_close = static_cast<std::int32_t>(plan.valves_to_close.size());
  b.solved = false;
  for (std::int32_t c : area.customers) {
    const NodeSupply& was = before.nodes[at(c)];
    NodeSupply dry;
    dry.connected = false;
    dry.asked_lps = was.asked_lps;
    record(b, c, was, classify(dry, pda));
  }
  return b;
}

// Compressed rows: the members of each of `count` groups.
void group(std::size_t count, const std::vector<std::int32_t>& group_of, std::vector<std::int32_t>& start,
           std::vector<std::int32_t>& members) {
  start.assign(count + 1, 0);
  for (std::int32_t g : group_of) ++start[at(g) + 1];
  for (std::size_t g = 0; g < count; ++g) start[g + 1] += start[g];
  members.assign(group_of.size(), 0);
  std::vector<std::int32_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < group_of.size(); ++i) members[at(fill[at(group_of[i])]++)] = static_cast<std::int32_t>(i);
}

}  // namespace

ShutdownAreas::ShutdownAreas(const SegmentedNetwork& sn, const hydraulics::Model& model, const hydraulics::State& baseline)
    : sn_(&sn) {
  const auto& seg = sn.segments();
  const auto& net = sn.network();
  group(at(seg.count), seg.node_segment, node_start_, nodes_);
  group(at(seg.count), seg.link_segment, link_start_, links_);
  std::vector<std::int32_t> end_node, end_link;  // each link twice, grouped by its end nodes
  for (std::size_t l = 0; l < net.links.size(); ++l) {
    for (net::Index n : {net.links[l].from, net.links[l].to}) {
      end_node.push_back(static_cast<std::int32_t>(n));
      end_link.push_back(static_cast<std::int32_t>(l));
    }
  }
  group(net.nodes.size(), end_node, incident_start_, incident_);
  for (auto& e : incident_) e = end_link[at(e)];
  holds_source_.assign(at(seg.count), 0);
  for (std::size_t n = 0; n < net.nodes.size(); ++n) {
    const int i = model.node_of[n];
    const bool source = net.nodes[n].type != net::NodeType::junction || baseline.full_demand[at(i)] < 0.0;
    if (source) holds_source_[at(seg.node_segment[n])] = 1;
  }
}

ShutdownArea ShutdownAreas::of(const IsolationPlan& plan) const {
  const auto& seg = sn_->segments();
  const auto& net = sn_->network();
  ShutdownArea area;
  area.segments = plan.impact.isolated_segments;
  area.segments.insert(area.segments.end(), plan.impact.cut_off_segments.begin(), plan.impact.cut_off_segments.end());
  std::sort(area.segments.begin(), area.segments.end());
  area.segments.erase(std::unique(area.segments.begin(), area.segments.end()), area.segments.end());
  auto inside = [&](SegmentId s) { return std::binary_search(area.segments.begin(), area.segments.end(), s); };
  // Where water can cross between the area and the rest: (link, end node)
  // pairs with one side inside. By the segments' definition each is a valve
  // the plan closes or a closed link (counted too: it only makes fewer
  // pendant).
  int crossings = 0;
  bool source = false;
  for (SegmentId s : area.segments) {
    source = source || holds_source_[at(s)];
    for (auto c : sn_->customers_in(s)) area.customers.push_back(c);
    for (auto k = link_start_[at(s)]; k < link_start_[at(s) + 1] && crossings < 2; ++k) {
      const auto& link = net.links[at(links_[at(k)])];
      crossings += !inside(seg.node_segment[at(link.from)]);
      crossings += !inside(seg.node_segment[at(link.to)]);
    }
    for (auto k = node_start_[at(s)]; k < node_start_[at(s) + 1] && crossings < 2; ++k) {
      const auto n = nodes_[at(k)];
      for (auto e = incident_start_[at(n)]; e < incident_start_[at(n) + 1]; ++e)
        crossings += !inside(seg.link_segment[at(incident_[at(e)])]);
    }
  }
  std::sort(area.customers.begin(), area.customers.end());
  area.pendant = crossings == 1 && !source;
  return area;
}

Result<BurstReport> rank_burst_shortfall(const SegmentedNetwork& sn, const hydraulics::Model& pda_model,
                                         const BurstOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto& customers = sn.customers();
  std::vector<net::Index> nodes;
  for (const auto& c : customers) nodes.push_back(c.node);
  const PdaSettings& pda = options.snapshot.pda;
  hydraulics::Scenario scenario;
  scenario.pda = true;
  scenario.duration = 0;
  // The network as it is; its flows and statuses seed every segment's iterations.
  hydraulics::Simulation as_is(pda_model, scenario);
  LL_TRY(auto as_is_step, as_is.run_step());
  const hydraulics::State warm = as_is.state();
  SupplySnapshot baseline =
      read_snapshot(as_is.model(), warm, as_is_step.stats, static_cast<int>(as_is_step.warning), nodes, pda);

  std::vector<SegmentId> todo;
  BurstReport report;
  for (SegmentId s = 0; s < sn.segments().count; ++s) {
    if (sn.supplied(s)) todo.push_back(s);
    else ++report.unsupplied_segments;
  }
  const auto sites = burst_sites(sn);
  const ShutdownAreas areas(sn, pda_model, warm);
  std::vector<SegmentBurst> results(todo.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> cancelled{false};

  // One segment's shutdown on a worker's Simulation.
  auto run = [&](hydraulics::Simulation& sim, std::vector<int>& closed, SegmentId s) {
    const auto plan = plan_isolation(sn, IsolationRequest{sites[at(s)], {}, false});
    const auto outage = outage_of(sn, sites[at(s)], plan, 0);
    closed.assign(outage.closed_links.begin(), outage.closed_links.end());
    if (!options.shortcuts) {
      sim.restart(closed);
    } else {
      const auto area = areas.of(plan);
      if (area.pendant) return pendant(s, plan, area, baseline, pda);
      // Warm: the baseline's flows and statuses (see the header comment).
      sim.restart(closed, &warm);
      auto& st = sim.state();
      for (std::size_t l = 0; l < st.status.size(); ++l)
        if (!st.locked[l]) st.status[l] = warm.status[l];
    }
    auto step = sim.run_step();
    SegmentBurst b;
    if (step) {
      b = compare(s, plan, baseline,
                  read_snapshot(sim.model(), sim.state(), step->stats, static_cast<int>(step->warning), nodes, pda));
    } else {
      b.segment = s;
      b.failed = true;
    }
    return b;
  };
  // One Simulation per worker: the matrix is analysed once per thread and
  // each segment restarts it with its own valves closed.
  auto work = [&] {
    hydraulics::Simulation sim(pda_model, scenario);
    std::vector<int> closed;
    for (;;) {
      if (options.cancel && options.cancel->load()) {
        cancelled = true;
        return;
      }
      const std::size_t k = next.fetch_add(1);
      if (k >= todo.size()) return;
      const SegmentId s = todo[k];
      results[k] = run(sim, closed, s);
      const std::size_t n = done.fetch_add(1) + 1;
      if (options.progress) options.progress(n, todo.size());
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, todo.size())));
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }
  if (cancelled) return Error::conflict("the all-bursts run was cancelled");

  for (const auto& r : results) {
    report.failed_segments += r.failed;
    report.pendant_segments += !r.solved;
  }
  report.ranking = std::move(results);
  std::sort(report.ranking.begin(), report.ranking.end(), worse);

  // Each customer's worst segments.
  report.customers.resize(customers.size());
  for (std::size_t c = 0; c < customers.size(); ++c) report.customers[c].customer = static_cast<std::int32_t>(c);
  for (const auto& r : report.ranking) {
    for (const auto& a : r.affected) {
      auto& w = report.customers[at(a.customer)];
      w.segments_cutting_off += a.status == SupplyStatus::cut_off;
      w.worst.push_back({r.segment, a.served_fraction, a.shortfall_lps, a.status});
    }
  }
  for (auto& w : report.customers) {
    auto by_harm = [](const CustomerShortfall& a, const CustomerShortfall& b) {
      if (a.served_fraction != b.served_fraction) return a.served_fraction < b.served_fraction;
      if (a.shortfall_lps != b.shortfall_lps) return a.shortfall_lps > b.shortfall_lps;
      return a.customer < b.customer;
    };
    const std::size_t keep = std::min(options.worst_per_customer, w.worst.size());
    std::partial_sort(w.worst.begin(), w.worst.begin() + static_cast<std::ptrdiff_t>(keep), w.worst.end(), by_harm);
    w.worst.resize(keep);
  }
  report.baseline = std::move(baseline.nodes);
  report.threads = threads;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

Json shortfall_json(const SegmentedNetwork& sn, const CustomerShortfall& s, const char* key, bool customer) {
  Json row;
  if (customer) {
    const auto& pc = sn.customers()[at(s.customer)];
    row["name"] = pc.name;
    row["node"] = sn.network().nodes[at(pc.node)].id;
  } else {
    row[key] = s.customer;
  }
  row["served_fraction_after"] = s.served_fraction;
  row["shortfall_lps"] = s.shortfall_lps;
  row["status_after"] = to_string(s.status);
  return row;
}

}  // namespace

Json burst_shortfall_json(const SegmentedNetwork& sn, const BurstReport& r, const SnapshotOptions& options,
                          std::size_t top) {
  const auto& net = sn.network();
  // A segment's first links, to name it on a map.
  std::vector<std::vector<std::string>> links(at(sn.segments().count));
  for (std::size_t l = 0; l < sn.segments().link_segment.size(); ++l) {
    auto& list = links[at(sn.segments().link_segment[l])];
    if (list.size() < 3) list.push_back(net.links[l].id);
  }
  Json ranking = Json::array();
  std::size_t harmless = 0;
  for (const auto& b : r.ranking) {
    if (b.failed) continue;
    if (b.affected.empty()) {
      ++harmless;
      continue;
    }
    if (ranking.size() >= top) continue;
    Json affected = Json::array();
    for (const auto& a : b.affected) affected.push_back(shortfall_json(sn, a, "", true));
    ranking.push_back(Json{{"rank", ranking.size() + 1},
                           {"segment", b.segment},
                           {"valves_to_close", b.valves_to_close},
                           {"links", links[at(b.segment)]},
                           {"customers_cut_off", b.customers_cut_off},
                           {"shortfall_lps", b.shortfall_lps},
                           {"fraction_lost", b.fraction_lost},
                           {"balanced", b.balanced},
                           {"solved", b.solved},
                           {"affected", std::move(affected)}});
  }
  Json baseline = Json::array(), customers = Json::array();
  for (std::size_t c = 0; c < sn.customers().size(); ++c) {
    const auto& pc = sn.customers()[c];
    const auto& s = r.baseline[c];
    baseline.push_back(Json{{"name", pc.name},
                            {"category", pc.category},
                            {"node", net.nodes[at(pc.node)].id},
                            {"pressure_m", s.connected ? Json(s.pressure_m) : Json(nullptr)},
                            {"demand_lps", s.asked_lps},
                            {"served_fraction", s.served_fraction},
                            {"status", to_string(s.status)}});
    const auto& w = r.customers[c];
    Json worst = Json::array();
    for (const auto& x : w.worst) worst.push_back(shortfall_json(sn, x, "segment", false));
    customers.push_back(Json{{"name", pc.name},
                             {"category", pc.category},
                             {"node", net.nodes[at(pc.node)].id},
                             {"segments_cutting_off", w.segments_cutting_off},
                             {"worst", std::move(worst)}});
  }
  const auto& pda = options.pda;
  return Json{{"pda", {{"pmin_m", pda.pmin_m}, {"preq_m", pda.preq_m}, {"pexp", pda.pexp}}},
              {"time_s", options.time_s},
              {"threads", r.threads},
              {"seconds", r.seconds},
              {"segments", sn.segments().count},
              {"simulated", r.ranking.size()},
              {"unsupplied_segments", r.unsupplied_segments},
              {"failed_segments", r.failed_segments},
              {"pendant_segments", r.pendant_segments},
              {"harmless_segments", harmless},
              {"baseline", std::move(baseline)},
              {"ranking", std::move(ranking)},
              {"customers", std::move(customers)}};
}

}  // namespace lifeline::analysis
