#include "app/network/service.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "analysis/criticality.h"
#include "analysis/dual_supply.h"
#include "analysis/isolation_plan.h"
#include "analysis/report_json.h"
#include "analysis/supply_outage.h"
#include "app/audit/audit.h"
#include "app/network/repo.h"
#include "app/org/repo.h"
#include "core/time.h"
#include "net/city_generator.h"
#include "net/inp_reader.h"
#include "net/inp_writer.h"
#include "net/priority_customer.h"
#include "net/valve_placement.h"

namespace lifeline::app::network {

using store::Tx;
using store::TxMode;

namespace {

// The reader names "<file>:<line>"; the API names the field it came in.
Error in_field(const char* field, const Error& e) {
  if (e.code != ErrorCode::invalid) return e;
  return Error::invalid(field, e.message);
}

Counts count(const net::Network& net) {
  Counts c;
  c.junctions = static_cast<int64_t>(net.count(net::NodeType::junction));
  c.reservoirs = static_cast<int64_t>(net.count(net::NodeType::reservoir));
  c.tanks = static_cast<int64_t>(net.count(net::NodeType::tank));
  c.pipes = static_cast<int64_t>(net.count(net::LinkType::pipe));
  c.pumps = static_cast<int64_t>(net.count(net::LinkType::pump));
  c.valves = static_cast<int64_t>(net.links.size()) - c.pipes - c.pumps;
  for (const auto& l : net.links) c.length_m += l.type == net::LinkType::pipe ? l.length : 0;
  return c;
}

ValveLayerInfo describe(const net::ValveLayer& layer, std::string source) {
  ValveLayerInfo info;
  info.count = static_cast<int64_t>(layer.valves.size());
  info.inoperable = std::count_if(layer.valves.begin(), layer.valves.end(), [](const auto& v) { return !v.operable; });
  info.source = std::move(source);
  return info;
}

std::string size_name(std::size_t i) { return std::to_string(i); }

}  // namespace

Result<Network> Service::visible(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto n, repo::find(tx, id));
  // Below the actor's unit, or the network of the utility the actor works in
  // (a crew in a team must see its utility's plans); other utilities get 404.
  if (!n || !(actor.sees(n->org_path) || actor.org_path.starts_with(n->org_path)))
    return Error::not_found("no such network");
  return *n;
}

Result<std::vector<Network>> Service::list(const Actor& actor) {
  if (!actor.can(Permission::network_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::list(tx, actor.org_path); });
}

Result<Network> Service::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::network_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible(tx, actor, id); });
}

Result<Network> Service::create(const Actor& actor, const NewNetwork& in) {
  if (!actor.can(Permission::network_write)) return Error::forbidden();
  if (in.name.empty()) return Error::invalid("name", "must not be empty");
  // Parse and generate before the transaction: a city of 100k links takes a second.
  std::string inp, file_name = in.file_name;
  net::Network parsed;
  std::optional<std::pair<std::string, ValveLayerInfo>> valves;
  std::optional<std::pair<std::string, int64_t>> customers;
  if (in.inp) {
    auto r = net::parse_inp(*in.inp, file_name);
    if (!r) return in_field("inp", r.error());
    parsed = std::move(*r);
    inp = *in.inp;
  } else {
    if (in.generate_links < 1 || in.generate_links > kMaxGeneratedLinks)
      return Error::invalid("generate/links", "must be between 1 and " + std::to_string(kMaxGeneratedLinks));
    auto city = net::generate_city({in.generate_links, in.generate_seed});
    inp = net::write_inp(city.network);
    file_name = "city-" + std::to_string(in.generate_links) + "-" + std::to_string(in.generate_seed) + ".inp";
    ValveLayerInfo info = describe(city.valves, "city");
    info.seed = static_cast<int64_t>(in.generate_seed);
    valves.emplace(net::write_valve_csv(city.valves, city.network), info);
    customers.emplace(net::write_priority_customers(city.customers, city.network),
                      static_cast<int64_t>(city.customers.size()));
    parsed = std::move(city.network);
  }
  const Counts counts = count(parsed);
  const std::string flow_units = net::to_string(parsed.options.flow_units);
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Network> {
    LL_TRY(auto org, org::repo::find(tx, in.org_id));
    if (!org || !actor.sees(org->path)) return Error::invalid("org_id", "no such org unit in your scope");
    LL_TRY(auto clash, repo::find_by_name(tx, in.org_id, in.name));
    if (clash) return Error::invalid("name", "this unit already has a network of that name");
    LL_TRY(int64_t id, repo::insert(tx, in.org_id, in.name, now));
    LL_TRY(int64_t version_id,
           repo::insert_version(tx, {id, 1, file_name, inp, counts, flow_units,
                                     actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt,
                                     actor.display_name, now}));
    if (valves) LL_CHECK(repo::put_valves(tx, id, version_id, valves->first, valves->second, now));
    if (customers) LL_CHECK(repo::put_customers(tx, id, customers->first, customers->second));
    LL_TRY(auto created, repo::find(tx, id));
    if (!created) return Error::internal("network vanished after insert");
    LL_CHECK(audit::record(tx, actor, now,
                           {"network.create", "network", std::to_string(id), org->id, org->path, nullptr,
                            to_json(*created)}));
    return *created;
  });
  if (r) rt_.events.publish({"network.uploaded", r->org_id, r->org_path, to_json(*r)});
  return r;
}

Result<VersionResult> Service::add_version(const Actor& actor, int64_t id, const std::string& inp,
                                           const std::string& file_name) {
  if (!actor.can(Permission::network_write)) return Error::forbidden();
  auto parsed = net::parse_inp(inp, file_name);
  if (!parsed) return in_field("inp", parsed.error());
  const Counts counts = count(*parsed);
  const auto now = rt_.clock.now();
  VersionResult out;
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Network> {
    // Locked: versions, valve layers and customer layers of one network change one at a time,
    // and the checks below see the latest committed row (docs/concurrency.md).
    LL_CHECK(tx.query("SELECT id FROM networks WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto before, visible(tx, actor, id));
    LL_TRY(auto src, repo::sources(tx, before));
    LL_TRY(int64_t version_id,
           repo::insert_version(tx, {id, before.version + 1, file_name, inp, counts,
                                     net::to_string(parsed->options.flow_units),
                                     actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt,
                                     actor.display_name, now}));
    // Keep what still resolves against the new model, all or nothing.
    if (src.valves_csv && before.valve_layer) {
      auto layer = net::parse_valve_csv(*src.valves_csv, "valves.csv", *parsed);
      if (layer) {
        ValveLayerInfo info = *before.valve_layer;
        LL_CHECK(repo::put_valves(tx, id, version_id, net::write_valve_csv(*layer, *parsed), info, now));
      } else {
        out.valves_dropped = true;
        out.valves_dropped_reason = layer.error().message;
      }
    }
    if (!src.customers_csv.empty()) {
      auto customers = net::parse_priority_customers(src.customers_csv, "customers.csv", *parsed);
      if (!customers) {
        out.customers_dropped = true;
        out.customers_dropped_reason = customers.error().message;
        LL_CHECK(repo::put_customers(tx, id, "", 0));
      }
    }
    LL_TRY(auto after, repo::find(tx, id));
    if (!after) return Error::internal("network vanished after update");
    nlohmann::json changes = to_json(*after);
    changes["valves_dropped"] = out.valves_dropped;
    changes["customers_dropped"] = out.customers_dropped;
    LL_CHECK(audit::record(tx, actor, now,
                           {"network.version", "network", std::to_string(id), after->org_id, after->org_path,
                            to_json(before), changes}));
    return *after;
  });
  if (!r) return r.error();
  invalidate_model(id);
  rt_.events.publish({"network.uploaded", r->org_id, r->org_path, to_json(*r)});
  out.network = std::move(*r);
  return out;
}

Result<ValveLayerInfo> Service::set_valves(const Actor& actor, int64_t id, const ValveInput& in) {
  if (!actor.can(Permission::network_write)) return Error::forbidden();
  LL_TRY(auto current, model(actor, id));
  const auto& [network, m] = current;
  const net::Network& net = m->network();
  net::ValveLayer layer;
  ValveLayerInfo info;
  switch (in.kind) {
    case ValveInput::Kind::csv: {
      auto r = net::parse_valve_csv(in.text, "valves.csv", net);
      if (!r) return in_field("csv", r.error());
      layer = std::move(*r);
      info = describe(layer, "csv");
      break;
    }
    case ValveInput::Kind::geojson: {
      auto r = net::parse_valve_geojson(in.text, "valves.geojson", net);
      if (!r) return in_field("geojson", r.error());
      layer = std::move(*r);
      info = describe(layer, "geojson");
      break;
    }
    case ValveInput::Kind::generate: {
      if (in.strategy == "random") {
        if (!(in.fraction > 0 && in.fraction <= 1)) return Error::invalid("generate/fraction", "must be in (0, 1]");
        const auto pairs = static_cast<double>(2 * net.count(net::LinkType::pipe));
        layer = net::generate_valve_layer(net, net::ValvePlacement::random,
                                          static_cast<int>(std::lround(in.fraction * pairs)), in.seed);
      } else {
        layer = net::generate_valve_layer(net, net::ValvePlacement::strategic, in.strategy == "n2" ? 2 : 1, in.seed);
      }
      info = describe(layer, "generated");
      info.strategy = in.strategy;
      info.seed = static_cast<int64_t>(in.seed);
      break;
    }
  }
  const std::string csv = net::write_valve_csv(layer, net);
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Network> {
    // Locked: versions, valve layers and customer layers of one network change one at a time,
    // and the checks below see the latest committed row (docs/concurrency.md).
    LL_CHECK(tx.query("SELECT id FROM networks WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto n, visible(tx, actor, id));
    if (n.version != network.version)
      return Error::conflict("a new version of the network was uploaded meanwhile; send the valve layer again");
    LL_CHECK(repo::put_valves(tx, id, n.version_id, csv, info, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"network.valves", "network", std::to_string(id), n.org_id, n.org_path,
                            n.valve_layer ? to_json(*n.valve_layer) : nlohmann::json(nullptr), to_json(info)}));
    return n;
  });
  if (!r) return r.error();
  invalidate_model(id);
  rt_.events.publish({"network.valves_changed", r->org_id, r->org_path,
                      {{"network_id", id}, {"valve_layer", to_json(info)}}});
  return info;
}

Result<net::IsolationValve> Service::set_valve_operable(const Actor& actor, int64_t id, const std::string& valve_id,
                                                        bool operable) {
  if (!actor.can(Permission::network_write)) return Error::forbidden();
  LL_TRY(auto current, model(actor, id));
  const auto& [network, m] = current;
  if (!network.valve_layer) return Error::not_found("this network has no valve layer");
  net::ValveLayer layer = m->valves();
  auto it = std::find_if(layer.valves.begin(), layer.valves.end(), [&](const auto& v) { return v.id == valve_id; });
  if (it == layer.valves.end()) return Error::not_found("no such valve");
  const bool was = it->operable;
  it->operable = operable;
  const net::IsolationValve changed = *it;
  ValveLayerInfo info = *network.valve_layer;
  info.inoperable = describe(layer, "").inoperable;
  const std::string csv = net::write_valve_csv(layer, m->network());
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Network> {
    // Locked: versions, valve layers and customer layers of one network change one at a time,
    // and the checks below see the latest committed row (docs/concurrency.md).
    LL_CHECK(tx.query("SELECT id FROM networks WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto n, visible(tx, actor, id));
    if (n.version != network.version || n.valves_revision != network.valves_revision)
      return Error::conflict("the valve layer was changed meanwhile; try again");
    LL_CHECK(repo::put_valves(tx, id, n.version_id, csv, info, now));
    LL_CHECK(audit::record(tx, actor, now,
                           {"network.valve", "network", std::to_string(id), n.org_id, n.org_path,
                            {{"valve", valve_id}, {"operable", was}}, {{"valve", valve_id}, {"operable", operable}}}));
    return n;
  });
  if (!r) return r.error();
  invalidate_model(id);
  rt_.events.publish({"network.valves_changed", r->org_id, r->org_path,
                      {{"network_id", id}, {"valve", valve_id}, {"operable", operable}}});
  return changed;
}

Result<int64_t> Service::set_customers(const Actor& actor, int64_t id, const std::vector<Customer>& items) {
  if (!actor.can(Permission::network_write)) return Error::forbidden();
  LL_TRY(auto current, model(actor, id));
  const auto& [network, m] = current;
  std::vector<net::PriorityCustomer> customers;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& c = items[i];
    net::Index node = m->network().find_node(c.node);
    if (node == net::kNone) errors.push_back({"items/" + size_name(i) + "/node", "no node '" + c.node + "' in the network"});
    if (c.name.empty()) errors.push_back({"items/" + size_name(i) + "/name", "must not be empty"});
    customers.push_back({node, c.name, c.category});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const std::string csv = customers.empty() ? "" : net::write_priority_customers(customers, m->network());
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Network> {
    // Locked: versions, valve layers and customer layers of one network change one at a time,
    // and the checks below see the latest committed row (docs/concurrency.md).
    LL_CHECK(tx.query("SELECT id FROM networks WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto n, visible(tx, actor, id));
    if (n.version != network.version) return Error::conflict("a new version of the network was uploaded meanwhile");
    LL_CHECK(repo::put_customers(tx, id, csv, static_cast<int64_t>(customers.size())));
    LL_CHECK(audit::record(tx, actor, now,
                           {"network.customers", "network", std::to_string(id), n.org_id, n.org_path,
                            {{"customers", n.customers}}, {{"customers", customers.size()}}}));
    return n;
  });
  if (!r) return r.error();
  invalidate_model(id);
  return static_cast<int64_t>(customers.size());
}

Result<ModelPtr> Service::build(const Network& n) {
  LL_TRY(auto src, rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::sources(tx, n); }));
  auto net = net::parse_inp(src.inp, src.file_name);
  if (!net) return Error::internal("stored network no longer parses: " + net.error().message);
  net::ValveLayer layer;
  if (src.valves_csv) {
    auto r = net::parse_valve_csv(*src.valves_csv, "valves.csv", *net);
    if (!r) return Error::internal("stored valve layer no longer parses: " + r.error().message);
    layer = std::move(*r);
  }
  std::vector<net::PriorityCustomer> customers;
  if (!src.customers_csv.empty()) {
    auto r = net::parse_priority_customers(src.customers_csv, "customers.csv", *net);
    if (!r) return Error::internal("stored customers no longer parse: " + r.error().message);
    customers = std::move(*r);
  }
  return ModelPtr(std::make_shared<NetworkModel>(std::move(*net), std::move(layer), std::move(customers)));
}

Result<std::pair<Network, ModelPtr>> Service::model(const Actor& actor, int64_t id) {
  LL_TRY(auto n, get(actor, id));
  LL_TRY(auto m, cache_.get({n.id, n.version, n.valves_revision, n.customers_revision}, [&] { return build(n); }));
  return std::pair{std::move(n), std::move(m)};
}

Result<nlohmann::json> Service::segments(const Actor& actor, int64_t id) {
  LL_TRY(auto current, model(actor, id));
  const auto& net = current.second->network();
  const auto& segments = current.second->segmented().segments();
  // analysis::segments_json's document, built on std::map objects: its
  // ordered_json looks keys up linearly, 0.5 s for a 20k-link city.
  nlohmann::json nodes = nlohmann::json::object(), links = nlohmann::json::object();
  for (std::size_t i = 0; i < net.nodes.size(); ++i) nodes[net.nodes[i].id] = segments.node_segment[i];
  for (std::size_t i = 0; i < net.links.size(); ++i) links[net.links[i].id] = segments.link_segment[i];
  return nlohmann::json{{"n_segments", segments.count},
                        {"segment_count", segments.count},
                        {"node_segment", std::move(nodes)},
                        {"link_segment", std::move(links)}};
}

Result<nlohmann::json> Service::isolation(const Actor& actor, int64_t id, const IsolationInput& in) {
  LL_TRY(auto current, model(actor, id));
  const auto& m = *current.second;
  const auto& net = m.network();
  const auto& sn = m.segmented();
  analysis::IsolationRequest request;
  request.under_pressure = in.under_pressure;
  if (in.link) {
    net::Index link = net.find_link(*in.link);
    if (link == net::kNone) return Error::invalid("link", "no link '" + *in.link + "' in the network");
    request.failure = analysis::Failure::on_link(link);
  } else if (in.node) {
    net::Index node = net.find_node(*in.node);
    if (node == net::kNone) return Error::invalid("node", "no node '" + *in.node + "' in the network");
    request.failure = analysis::Failure::at_node(node);
  } else {
    return Error::invalid("link", "give the failed link or node");
  }
  const auto& valves = m.valves().valves;
  for (std::size_t i = 0; i < in.inoperable.size(); ++i) {
    auto it = std::find_if(valves.begin(), valves.end(), [&](const auto& v) { return v.id == in.inoperable[i]; });
    if (it == valves.end()) return Error::invalid("inoperable/" + size_name(i), "no valve '" + in.inoperable[i] + "'");
    request.inoperable_valves.push_back(static_cast<std::int32_t>(it - valves.begin()));
  }
  const auto start = std::chrono::steady_clock::now();
  auto plan = analysis::plan_isolation(sn, request);
  const double compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json out = analysis::isolation_json(sn, request.failure, plan);
  for (auto& v : out["valves_to_close"]) {
    const auto& node = net.nodes[static_cast<std::size_t>(net.find_node(v["node"].get<std::string>()))];
    v["x"] = node.coordinates.x;
    v["y"] = node.coordinates.y;
  }
  // For drawing: link indices as in /geometry, empty when nothing is closed.
  nlohmann::json isolated = nlohmann::json::array(), cut_off = nlohmann::json::array(),
                 affected = nlohmann::json::array();
  if (plan.shutdown) {
    std::vector<std::uint8_t> mark(static_cast<std::size_t>(sn.segments().count), 0);
    for (auto s : plan.impact.isolated_segments) mark[static_cast<std::size_t>(s)] = 1;
    for (auto s : plan.impact.cut_off_segments) mark[static_cast<std::size_t>(s)] = 2;
    const auto& link_segment = sn.segments().link_segment;
    for (std::size_t l = 0; l < link_segment.size(); ++l) {
      auto k = mark[static_cast<std::size_t>(link_segment[l])];
      if (k == 1) isolated.push_back(l);
      else if (k == 2) cut_off.push_back(l);
    }
    for (auto c : plan.impact.customers) {
      const auto& pc = sn.customers()[static_cast<std::size_t>(c)];
      affected.push_back({{"name", pc.name}, {"category", pc.category}, {"node", net.nodes[static_cast<std::size_t>(pc.node)].id}});
    }
  }
  out["links_isolated"] = std::move(isolated);
  out["links_cut_off"] = std::move(cut_off);
  out["customers_affected"] = std::move(affected);
  out["compute_ms"] = compute_ms;
  if (in.hydraulics) out["hydraulics"] = outage_hydraulics(m, request.failure, plan, in.leak_mm);
  return out;
}

// The plan's effect on the priority customers under PDA. The plan stands
// without it: a network the engine cannot solve says why here, and the
// rest of the answer is unchanged.
nlohmann::json Service::outage_hydraulics(const NetworkModel& m, const analysis::Failure& failure,
                                          const analysis::IsolationPlan& plan, double leak_mm) {
  auto h = m.hydraulics();
  if (!h) return {{"available", false}, {"error", h.error().message}};
  const auto& sn = m.segmented();
  const auto outage = analysis::outage_of(sn, failure, plan, leak_mm / 1000.0);
  auto report = analysis::assess_supply_outage((*h)->pda, sn.customers(), outage, (*h)->options, &(*h)->baseline);
  if (!report) return {{"available", false}, {"error", report.error().message}};
  nlohmann::json out = analysis::supply_outage_json(m.network(), sn.customers(), *report);
  out["available"] = true;
  out["shutdown"] = plan.shutdown;
  return out;
}

Service::Service(Runtime& rt, size_t cached_models)
    : rt_(rt), cache_(cached_models),
      job_threads_(rt.config.analysis_job_threads > 0 ? static_cast<unsigned>(rt.config.analysis_job_threads)
                                                      : std::max(1u, std::thread::hardware_concurrency() / 2)),
      models_changed_elsewhere_(rt.events.subscribe([this](const Event& e) {
        // The models are keyed by version and revisions read from the database,
        // so a stale entry is never served; dropping it frees its memory at once.
        if (e.type != "network.model_changed" || e.origin.empty()) return;
        const auto id = e.data.find("network_id");
        if (id != e.data.end() && id->is_number_integer()) cache_.invalidate(id->get<int64_t>());
      })),
      jobs_(rt.config.analysis_jobs, rt.config.analysis_job_queue, rt.clock) {}

void Service::invalidate_model(int64_t id) {
  cache_.invalidate(id);
  auto where = rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::find(tx, id); });
  if (where && *where) rt_.events.publish({"network.model_changed", (*where)->org_id, (*where)->org_path, {{"network_id", id}}});
}

// Builds (or takes from the cache) the model and its hydraulics on the
// runner, not on the request worker that started the job.
JobQueue::Work Service::bursts_work(const Network& n) const {
  auto* self = const_cast<Service*>(this);
  return [self, n](Job& job) -> Result<std::shared_ptr<const BurstsResult>> {
    LL_TRY(auto m, self->cache_.get({n.id, n.version, n.valves_revision, n.customers_revision},
                                    [&] { return self->build(n); }));
    LL_TRY(auto h, m->hydraulics());
    analysis::BurstOptions options;
    options.snapshot = h->options;
    options.threads = self->job_threads_;
    options.cancel = &job.cancel;
    options.progress = [&job](std::size_t done, std::size_t total) {
      job.done = done;
      job.total = total;
    };
    LL_TRY(auto report, analysis::rank_burst_shortfall(m->segmented(), h->pda, options));
    return std::shared_ptr<const BurstsResult>(std::make_shared<BurstsResult>(BurstsResult{m, h, std::move(report)}));
  };
}

Result<JobView> Service::start_bursts(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::network_analyse))
    return Error::forbidden("starting a long analysis needs the network.analyse permission");
  LL_TRY(auto n, get(actor, id));
  LL_TRY(auto submitted, jobs_.submit("bursts", {n.id, n.version, n.valves_revision, n.customers_revision},
                                      actor.display_name, bursts_work(n)));
  return JobView{submitted.job, submitted.joined, jobs_.position(*submitted.job)};
}

Result<JobView> Service::bursts(const Actor& actor, int64_t id) {
  LL_TRY(auto n, get(actor, id));
  auto job = jobs_.find("bursts", {n.id, n.version, n.valves_revision, n.customers_revision});
  if (!job) return JobView{};
  return JobView{job, false, jobs_.position(*job)};
}

Result<JobView> Service::job(const Actor& actor, int64_t job_id) {
  if (!actor.can(Permission::network_read)) return Error::forbidden();
  auto job = jobs_.find(job_id);
  if (!job) return Error::not_found("no such analysis job (finished jobs are kept a while only)");
  // Visible exactly when its network is: another utility's job does not exist.
  if (auto n = get(actor, job->key.network_id); !n) {
    if (n.error().code == ErrorCode::not_found) return Error::not_found("no such analysis job");
    return n.error();
  }
  return JobView{job, false, jobs_.position(*job)};
}

Result<nlohmann::json> Service::supply(const Actor& actor, int64_t id, const std::vector<std::string>& ids) {
  LL_TRY(auto current, model(actor, id));
  const auto& sn = current.second->segmented();
  std::vector<net::Index> nodes;
  for (const auto& node_id : ids) {
    net::Index n = sn.network().find_node(node_id);
    if (n == net::kNone) return Error::invalid("nodes", "no node '" + node_id + "' in the network");
    nodes.push_back(n);
  }
  if (ids.empty())
    for (const auto& c : sn.customers()) nodes.push_back(c.node);
  return nlohmann::json(analysis::supply_json(sn, analysis::assess_dual_supply(sn, nodes)));
}

Result<nlohmann::json> Service::criticality(const Actor& actor, int64_t id, size_t top) {
  LL_TRY(auto current, model(actor, id));
  const auto& sn = current.second->segmented();
  auto report = analysis::rank_criticality(sn);
  nlohmann::json out = analysis::criticality_json(sn, report, top);
  // Demand lost (m³/s) when each segment is isolated, to colour the map; null: never supplied.
  nlohmann::json impact = nlohmann::json::array();
  for (analysis::SegmentId s = 0; s < sn.segments().count; ++s) impact.push_back(nullptr);
  for (const auto& c : report.ranking) impact[static_cast<std::size_t>(c.segment)] = c.demand_lost;
  out["segment_impact"] = std::move(impact);
  out["link_segment"] = sn.segments().link_segment;
  return out;
}

nlohmann::json to_json(const ValveLayerInfo& v) {
  nlohmann::json out{{"count", v.count}, {"inoperable", v.inoperable}, {"source", v.source}};
  if (v.strategy) out["strategy"] = *v.strategy;
  if (v.seed) out["seed"] = *v.seed;
  return out;
}

nlohmann::json to_json(const JobView& v, size_t top) {
  if (!v.job) return {{"state", "none"}, {"job", nullptr}};
  const Job& job = *v.job;
  auto opt_time = [](const std::optional<Instant>& t) { return t ? nlohmann::json(format_instant(*t)) : nlohmann::json(); };
  std::lock_guard lock(job.mutex);
  const JobState state = job.state.load();
  nlohmann::json out;
  if (state == JobState::done && job.result) {
    const auto& r = *job.result;
    out = analysis::burst_shortfall_json(r.model->segmented(), r.report, r.hydraulics->options, top);
  } else {
    out = {{"done", job.done.load()}, {"total", job.total.load()}};
  }
  out["state"] = to_string(state);
  if (state == JobState::failed && job.error) out["error"] = job.error->message;
  out["job"] = {{"id", job.id},
                {"kind", job.kind},
                {"network_id", job.key.network_id},
                {"version", job.key.version},
                {"state", to_string(state)},
                {"done", job.done.load()},
                {"total", job.total.load()},
                {"position", v.position},
                {"joined", v.joined},
                {"requested_by", job.requested_by},
                {"created_at", format_instant(job.created_at)},
                {"started_at", opt_time(job.started_at)},
                {"finished_at", opt_time(job.finished_at)}};
  return out;
}

nlohmann::json to_json(const Network& n) {
  const auto& c = n.counts;
  return {{"id", n.id},
          {"org_id", n.org_id},
          {"name", n.name},
          {"version", n.version},
          {"file_name", n.file_name},
          {"uploaded_at", format_instant(n.uploaded_at)},
          {"uploaded_by_name", n.uploaded_by_name},
          {"counts",
           {{"junctions", c.junctions},
            {"reservoirs", c.reservoirs},
            {"tanks", c.tanks},
            {"pipes", c.pipes},
            {"pumps", c.pumps},
            {"valves", c.valves},
            {"length_m", c.length_m}}},
          {"flow_units", n.flow_units},
          {"valve_layer", n.valve_layer ? to_json(*n.valve_layer) : nlohmann::json(nullptr)},
          {"customers", n.customers}};
}

nlohmann::json customers_json(const NetworkModel& m) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : m.segmented().customers())
    items.push_back({{"node", m.network().nodes[static_cast<std::size_t>(c.node)].id}, {"name", c.name},
                     {"category", c.category}});
  return items;
}

nlohmann::json valves_json(const NetworkModel& m) {
  const auto& net = m.network();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : m.valves().valves)
    items.push_back({{"valve", v.id}, {"link", net.links[static_cast<std::size_t>(v.link)].id},
                     {"node", net.nodes[static_cast<std::size_t>(v.node)].id}, {"operable", v.operable}});
  return items;
}

nlohmann::json geometry_json(const NetworkModel& m) {
  const auto& net = m.network();
  std::vector<std::string> node_ids, node_types, link_ids, link_types;
  std::vector<double> xs, ys, diameters;
  std::vector<net::Index> from, to;
  double minx = std::numeric_limits<double>::infinity(), miny = minx, maxx = -minx, maxy = -minx;
  auto extend = [&](const net::Point& p) {
    minx = std::min(minx, p.x), miny = std::min(miny, p.y), maxx = std::max(maxx, p.x), maxy = std::max(maxy, p.y);
  };
  for (const auto& n : net.nodes) {
    node_ids.push_back(n.id);
    xs.push_back(n.coordinates.x);
    ys.push_back(n.coordinates.y);
    node_types.push_back(n.type == net::NodeType::junction ? "J" : n.type == net::NodeType::reservoir ? "R" : "T");
    if (n.has_coordinates) extend(n.coordinates);
  }
  nlohmann::json vertices = nlohmann::json::object();
  for (std::size_t i = 0; i < net.links.size(); ++i) {
    const auto& l = net.links[i];
    link_ids.push_back(l.id);
    from.push_back(l.from);
    to.push_back(l.to);
    link_types.push_back(l.type == net::LinkType::pipe ? "P" : l.type == net::LinkType::pump ? "U" : "V");
    diameters.push_back(std::round(l.diameter * 1000.0));
    if (!l.vertices.empty()) {
      nlohmann::json points = nlohmann::json::array();
      for (const auto& p : l.vertices) {
        points.push_back({p.x, p.y});
        extend(p);
      }
      vertices[size_name(i)] = std::move(points);
    }
  }
  std::vector<std::string> valve_ids;
  std::vector<net::Index> valve_links, valve_nodes;
  std::vector<bool> operable;
  for (const auto& v : m.valves().valves) {
    valve_ids.push_back(v.id);
    valve_links.push_back(v.link);
    valve_nodes.push_back(v.node);
    operable.push_back(v.operable);
  }
  nlohmann::json customers = nlohmann::json::array();
  for (const auto& c : m.segmented().customers())
    customers.push_back({{"node", c.node}, {"name", c.name}, {"category", c.category}});
  nlohmann::json bounds = minx <= maxx ? nlohmann::json{minx, miny, maxx, maxy} : nlohmann::json(nullptr);
  return {{"nodes", {{"id", node_ids}, {"x", xs}, {"y", ys}, {"type", node_types}}},
          {"links",
           {{"id", link_ids},
            {"from", from},
            {"to", to},
            {"type", link_types},
            {"diameter_mm", diameters},
            {"vertices", std::move(vertices)}}},
          {"valves", {{"id", valve_ids}, {"link", valve_links}, {"node", valve_nodes}, {"operable", operable}}},
          {"customers", std::move(customers)},
          {"bounds", std::move(bounds)}};
}

}  // namespace lifeline::app::network
