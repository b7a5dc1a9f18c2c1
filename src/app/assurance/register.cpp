#include "app/assurance/register.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/assurance/repo.h"
#include "app/assurance/security.h"
#include "app/audit/audit.h"
#include "app/network/repo.h"
#include "app/org/repo.h"
#include "app/privacy.h"
#include "app/quality/exceedances.h"
#include "core/time.h"
#include "net/priority_customer.h"
#include "store/like.h"

namespace lifeline::app::assurance {

using store::Tx;
using store::TxMode;

namespace {

using Models = std::map<int64_t, std::pair<network::Network, network::ModelPtr>>;

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void apply(Customer& c, const CustomerFields& f) {
  if (f.org_id) c.org_id = *f.org_id;
  if (f.name) c.name = *f.name;
  if (f.category) c.category = *f.category;
  if (f.tier) c.tier = *f.tier;
  if (f.address) c.address = *f.address;
  if (f.contact_name) c.contact_name = *f.contact_name;
  if (f.contact_phone) c.contact_phone = *f.contact_phone;
  if (f.network_id) c.network_id = *f.network_id;
  if (f.nodes) c.nodes = *f.nodes;
  if (f.min_pressure_m) c.min_pressure_m = *f.min_pressure_m;
  if (f.demand_m3h) c.demand_m3h = *f.demand_m3h;
  if (f.notes) c.notes = *f.notes;
}

// The rules a stored customer keeps, whatever the request looked like; fields named with `prefix`.
void check(const Customer& c, const std::string& prefix, std::vector<FieldError>& errors) {
  auto fail = [&](const std::string& field, std::string message) {
    errors.push_back({prefix + field, std::move(message)});
  };
  if (blank(c.name)) fail("name", "must not be empty");
  if (std::find_if(std::begin(kCategories), std::end(kCategories), [&](const char* k) { return c.category == k; }) ==
      std::end(kCategories))
    fail("category", "must be one of: designated_hospital, fever_clinic, hospital, cdc, quarantine_site, telecom, "
                     "broadcasting, emergency_command, prevention_factory, logistics, other");
  if (c.tier < 1 || c.tier > 3) fail("tier", "must be 1 (highest), 2 or 3");
  if (c.min_pressure_m && !(*c.min_pressure_m >= 0 && *c.min_pressure_m <= 200))
    fail("min_pressure_m", "must be between 0 and 200 m");
  if (c.demand_m3h && !(*c.demand_m3h >= 0 && *c.demand_m3h <= 100000))
    fail("demand_m3h", "must be between 0 and 100000 m³/h");
  if (c.network_id && c.nodes.empty()) fail("nodes", "give the node(s) of the network that serve it");
  if (!c.network_id && !c.nodes.empty()) fail("network_id", "give the network the nodes belong to");
  for (std::size_t i = 0; i < c.nodes.size(); ++i)
    if (std::find(c.nodes.begin(), c.nodes.begin() + static_cast<std::ptrdiff_t>(i), c.nodes[i]) !=
        c.nodes.begin() + static_cast<std::ptrdiff_t>(i))
      fail("nodes/" + std::to_string(i), "is listed twice");
}

// The engine models of the networks the customers name (scope-checked).
Result<Models> load_models(network::Service& networks, const Actor& actor, const std::set<int64_t>& ids) {
  Models out;
  for (int64_t id : ids) {
    auto m = networks.model(actor, id);
    if (!m) {
      if (m.error().code == ErrorCode::not_found) return Error::invalid("network_id", "no such network in your scope");
      return m.error();
    }
    out.emplace(id, std::move(*m));
  }
  return out;
}

void check_nodes(const Customer& c, const Models& models, const std::string& prefix, std::vector<FieldError>& errors) {
  if (!c.network_id) return;
  auto it = models.find(*c.network_id);
  if (it == models.end()) return;
  const auto& net = it->second.second->network();
  for (std::size_t i = 0; i < c.nodes.size(); ++i)
    if (net.find_node(c.nodes[i]) == net::kNone)
      errors.push_back({prefix + "nodes/" + std::to_string(i),
                        "no node '" + c.nodes[i] + "' in network version " + std::to_string(it->second.first.version)});
}

// The customer's unit: in the actor's subtree, and of the network's utility.
Status place(Tx& tx, const Actor& actor, Customer& c, const Models& models, const std::string& prefix) {
  LL_TRY(auto org, org::repo::find(tx, c.org_id));
  if (!org || !actor.sees(org->path)) return Error::invalid(prefix + "org_id", "no such org unit in your scope");
  c.org_path = org->path;
  c.org_name = org->name;
  if (c.network_id) {
    const auto& n = models.at(*c.network_id).first;
    if (!c.org_path.starts_with(n.org_path) && !n.org_path.starts_with(c.org_path))
      return Error::invalid(prefix + "network_id", "the network belongs to another unit");
  }
  LL_TRY(auto clash, repo::find_by_name(tx, c.org_id, c.name, c.id));
  if (clash) return Error::invalid(prefix + "name", "this unit already registered a customer of that name");
  return {};
}

// Rewrites the network's priority-customer layer from the register.
Status sync_layer(Tx& tx, int64_t network_id, const Models& models) {
  const auto& [seen, model] = models.at(network_id);
  // The layer is rebuilt from the whole register of the network: lock the
  // network's row first, so two register changes rebuild it one after the
  // other and the second reads the first's customer (callers go through
  // their networks in id order: std::set).
  LL_CHECK(tx.query("SELECT id FROM networks WHERE id = ? FOR UPDATE", {network_id}));
  LL_TRY(auto current, network::repo::find(tx, network_id));
  if (!current || current->version != seen.version)
    return Error::conflict("a new version of the network was uploaded meanwhile; try again");
  LL_TRY(auto entries, repo::layer(tx, network_id));
  const auto& net = model->network();
  std::vector<net::PriorityCustomer> layer;
  for (const auto& e : entries) {
    net::Index node = net.find_node(e.node);
    if (node != net::kNone) layer.push_back({node, e.name, e.category});  // stale nodes of an older version drop out
  }
  const std::string csv = layer.empty() ? "" : net::write_priority_customers(layer, net);
  return network::repo::put_customers(tx, network_id, csv, static_cast<int64_t>(layer.size()));
}

nlohmann::json opt(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json audit_json(const Customer& c) {
  return {{"name", c.name},         {"category", c.category},   {"tier", c.tier},
          {"address", c.address},   {"contact_name", opt(c.contact_name)},
          {"contact_phone", c.contact_phone ? nlohmann::json(mask_phone(*c.contact_phone)) : nlohmann::json(nullptr)},
          {"org_id", c.org_id},     {"network_id", c.network_id ? nlohmann::json(*c.network_id) : nlohmann::json()},
          {"nodes", c.nodes},       {"min_pressure_m", opt(c.min_pressure_m)},
          {"demand_m3h", opt(c.demand_m3h)}, {"notes", c.notes}, {"active", c.active}};
}

nlohmann::json to_json(const CarePlan& p, bool full_contact) {
  auto text = [&](const nlohmann::json& t) { return full_contact ? t : mask_numbers_in_value(t); };
  return {{"patrols_per_day", p.patrols_per_day},
          {"pressure_check", p.pressure_check},
          {"contact_on_call", text(opt(p.contact_on_call))},
          {"measures", text(p.measures)},
          {"updated_at", format_instant(p.updated_at)}};
}

nlohmann::json to_json(const View& v, bool full_contact, bool detail) {
  const Customer& c = v.customer;
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& r : v.reasons) reasons.push_back({{"code", r.code}, {"detail", r.detail}});
  nlohmann::json supply = nullptr;
  if (v.supply) {
    nlohmann::json critical = nlohmann::json::array();
    for (const auto& s : v.supply->critical_segments) {
      if (detail)
        critical.push_back({{"segment", s.segment},
                            {"valves", s.valves},
                            {"inoperable_valves", s.inoperable_valves},
                            {"demand_m3s", s.demand_m3s},
                            {"length_m", s.length_m}});
      else
        critical.push_back(s.segment);
    }
    supply = {{"routes", v.supply->routes},
              {"dual_supply", v.supply->routes >= 2},
              {"n1_secure", v.supply->n1_secure},
              {"supplied", v.supply->supplied},
              {"critical_segments", std::move(critical)}};
  }
  nlohmann::json phone = nullptr;
  if (c.contact_phone) phone = full_contact ? *c.contact_phone : mask_phone(*c.contact_phone);
  // Numbers typed into the free text are masked wherever the phone is.
  auto text = [&](const nlohmann::json& t) { return full_contact ? t : mask_numbers_in_value(t); };
  nlohmann::json out = {
      {"id", c.id},
      {"org_id", c.org_id},
      {"org_name", c.org_name},
      {"name", c.name},
      {"category", c.category},
      {"tier", c.tier},
      {"address", text(c.address)},
      {"contact_name", text(opt(c.contact_name))},
      {"contact_phone", phone},
      {"network_id", c.network_id ? nlohmann::json(*c.network_id) : nlohmann::json(nullptr)},
      {"nodes", c.nodes},
      {"min_pressure_m", opt(c.min_pressure_m)},
      {"demand_m3h", opt(c.demand_m3h)},
      {"notes", text(c.notes)},
      {"active", c.active},
      {"status", v.status},
      {"status_reasons", std::move(reasons)},
      {"supply", std::move(supply)},
      {"x", opt(v.x)},
      {"y", opt(v.y)},
      {"care_plan", c.care_plan ? to_json(*c.care_plan, full_contact) : nlohmann::json(nullptr)},
      {"last_patrol_at", c.last_patrol ? nlohmann::json(format_instant(c.last_patrol->done_at)) : nlohmann::json()},
      {"last_patrol_pressure_m", c.last_patrol ? opt(c.last_patrol->pressure_m) : nlohmann::json()},
      {"patrol_overdue", v.patrol_overdue},
      {"version", c.version},
      {"created_at", format_instant(c.created_at)},
      {"updated_at", format_instant(c.updated_at)}};
  if (detail) {
    nlohmann::json incidents = nlohmann::json::array();
    for (const auto& i : v.incidents)
      incidents.push_back({{"id", i.id}, {"code", i.code}, {"type", i.type}, {"state", i.state}, {"impact", i.impact}});
    out["incidents"] = std::move(incidents);
  }
  return out;
}

Result<CustomerList> Register::list(const Actor& actor, const Filter& f) {
  if (!actor.can(Permission::supply_read)) return Error::forbidden();
  if (f.status && *f.status != "normal" && *f.status != "at_risk" && *f.status != "affected" &&
      *f.status != "interrupted")
    return Error::invalid("status", "must be one of: normal, at_risk, affected, interrupted");
  if (f.category && std::find_if(std::begin(kCategories), std::end(kCategories),
                                 [&](const char* k) { return *f.category == k; }) == std::end(kCategories))
    return Error::invalid("category", "no such category");
  const auto now = rt_.clock.now();
  std::vector<View> views;
  LL_CHECK(rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<bool> {
    std::string where = "WHERE c.active = 1 AND (c.org_path LIKE ? ESCAPE '\\' OR ? LIKE (c.org_path || '%'))";
    store::Params params{store::like_prefix(actor.org_path), actor.org_path};
    if (f.org) {
      LL_TRY(auto org, org::repo::find(tx, *f.org));
      if (!org || !may_see(actor, org->path)) return Error::invalid("org", "no such org unit in your scope");
      where += " AND c.org_path LIKE ? ESCAPE '\\'";
      params.emplace_back(store::like_prefix(org->path));
    }
    if (f.category) {
      where += " AND c.category = ?";
      params.emplace_back(*f.category);
    }
    if (f.network_id) {
      where += " AND c.network_id = ?";
      params.emplace_back(*f.network_id);
    }
    if (f.q) {
      const std::string like = "%" + store::like_prefix(*f.q);
      where += " AND (c.name LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\')";
      params.emplace_back(like);
      params.emplace_back(like);
    }
    LL_TRY(auto customers, repo::select(tx, where + " ORDER BY c.tier, c.name, c.id LIMIT 5000", params));
    std::vector<int64_t> ids;
    for (const auto& c : customers) ids.push_back(c.id);
    LL_TRY(auto incidents, repo::open_incidents(tx, ids));
    LL_TRY(auto quality_alerts, quality::customer_alerts(tx, ids));
    for (auto& c : customers) {
      View v;
      if (auto it = incidents.find(c.id); it != incidents.end()) v.incidents = std::move(it->second);
      for (const auto& a : quality_alerts[c.id])
        v.reasons.push_back({"quality_exceedance", a.code + " " + a.point_name + "：" + a.summary});
      v.customer = std::move(c);
      views.push_back(std::move(v));
    }
    return true;
  }));
  assess_supply(networks_, actor, views, false);
  CustomerList out;
  for (auto& v : views) {
    classify(v, now);
    int64_t& counter = v.status == "interrupted" ? out.interrupted
                       : v.status == "affected"  ? out.affected
                       : v.status == "at_risk"   ? out.at_risk
                                                 : out.normal;
    ++counter;
    if (!f.status || *f.status == v.status) out.items.push_back(std::move(v));
  }
  return out;
}

Result<View> Register::view(const Actor& actor, Customer c, bool detail) {
  std::vector<View> views(1);
  LL_TRY(auto incidents, rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::open_incidents(tx, {c.id}); }));
  LL_TRY(auto quality_alerts,
         rt_.db.transact(TxMode::read, [&](Tx& tx) { return quality::customer_alerts(tx, {c.id}); }));
  views[0].incidents = std::move(incidents[c.id]);
  for (const auto& a : quality_alerts[c.id])
    views[0].reasons.push_back({"quality_exceedance", a.code + " " + a.point_name + "：" + a.summary});
  views[0].customer = std::move(c);
  assess_supply(networks_, actor, views, detail);
  classify(views[0], rt_.clock.now());
  return std::move(views[0]);
}

Result<View> Register::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supply_read)) return Error::forbidden();
  LL_TRY(auto c, rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::find(tx, id); }));
  if (!c || !may_see(actor, c->org_path)) return Error::not_found("no such priority customer");
  return view(actor, std::move(*c), true);
}

Result<View> Register::create(const Actor& actor, const CustomerFields& fields) {
  LL_TRY(auto ids, create_all(actor, {fields}));
  return get(actor, ids.front());
}

Result<std::vector<int64_t>> Register::create_all(const Actor& actor, const std::vector<CustomerFields>& items) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden();
  std::vector<Customer> customers;
  std::vector<FieldError> errors;
  std::set<int64_t> network_ids;
  auto prefix = [&](std::size_t i) { return items.size() == 1 ? std::string() : "items/" + std::to_string(i) + "/"; };
  for (std::size_t i = 0; i < items.size(); ++i) {
    Customer c;
    c.tier = 0;
    apply(c, items[i]);
    if (!items[i].org_id) errors.push_back({prefix(i) + "org_id", "is required"});
    check(c, prefix(i), errors);
    if (c.network_id) network_ids.insert(*c.network_id);
    customers.push_back(std::move(c));
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  LL_TRY(auto models, load_models(networks_, actor, network_ids));
  for (std::size_t i = 0; i < customers.size(); ++i) check_nodes(customers[i], models, prefix(i), errors);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  LL_TRY(auto ids, rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::vector<int64_t>> {
    std::vector<int64_t> out;
    for (std::size_t i = 0; i < customers.size(); ++i) {
      Customer& c = customers[i];
      LL_CHECK(place(tx, actor, c, models, prefix(i)));
      LL_TRY(c.id, repo::insert(tx, c, now));
      LL_CHECK(repo::set_nodes(tx, c));
      LL_CHECK(audit::record(tx, actor, now,
                             {"assurance.customer.create", "priority_customer", std::to_string(c.id), c.org_id,
                              c.org_path, nullptr, audit_json(c)}));
      out.push_back(c.id);
    }
    for (int64_t n : network_ids) LL_CHECK(sync_layer(tx, n, models));
    return out;
  }));
  for (int64_t n : network_ids) networks_.invalidate_model(n);
  for (const auto& c : customers)
    rt_.events.publish({"priority_customer.changed", c.org_id, c.org_path,
                        {{"id", c.id}, {"action", "created"}, {"name", c.name}, {"network_id", c.network_id ? nlohmann::json(*c.network_id) : nlohmann::json()}}});
  return ids;
}

Result<View> Register::update(const Actor& actor, int64_t id, const CustomerFields& patch,
                              std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden();
  LL_TRY(auto found, rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::find(tx, id); }));
  if (!found || !may_see(actor, found->org_path) || !found->active)
    return Error::not_found("no such priority customer");
  Customer c = *found;
  apply(c, patch);
  if (patch.network_id && !*patch.network_id && !patch.nodes) c.nodes.clear();
  std::vector<FieldError> errors;
  check(c, "", errors);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  std::set<int64_t> network_ids;
  if (found->network_id) network_ids.insert(*found->network_id);
  if (c.network_id) network_ids.insert(*c.network_id);
  LL_TRY(auto models, load_models(networks_, actor, network_ids));
  check_nodes(c, models, "", errors);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const auto now = rt_.clock.now();
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto before, repo::find(tx, id));
    if (!before || !before->active) return Error::not_found("no such priority customer");
    const int64_t expected = expected_version.value_or(before->version);
    if (before->version != expected || before->network_id != found->network_id)
      return Error{ErrorCode::precondition_failed,
                   "this customer was changed by someone else (version " + std::to_string(before->version) +
                       "); reload and try again",
                   {}};
    if (patch.org_id) {
      LL_CHECK(place(tx, actor, c, models, ""));
    } else {
      LL_TRY(auto clash, repo::find_by_name(tx, c.org_id, c.name, c.id));
      if (clash) return Error::invalid("name", "this unit already registered a customer of that name");
    }
    LL_TRY(bool updated, repo::update(tx, c, expected, now));
    if (!updated) return Error{ErrorCode::precondition_failed, "this customer was changed meanwhile; reload", {}};
    LL_CHECK(repo::set_nodes(tx, c));
    for (int64_t n : network_ids) LL_CHECK(sync_layer(tx, n, models));
    LL_CHECK(audit::record(tx, actor, now,
                           {"assurance.customer.update", "priority_customer", std::to_string(id), c.org_id, c.org_path,
                            audit_json(*before), audit_json(c)}));
    return true;
  }));
  for (int64_t n : network_ids) networks_.invalidate_model(n);
  rt_.events.publish({"priority_customer.changed", c.org_id, c.org_path,
                      {{"id", id}, {"action", "updated"}, {"name", c.name}, {"network_id", c.network_id ? nlohmann::json(*c.network_id) : nlohmann::json()}}});
  return get(actor, id);
}

Status Register::deactivate(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supply_manage)) return Error::forbidden();
  LL_TRY(auto found, rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::find(tx, id); }));
  if (!found || !may_see(actor, found->org_path) || !found->active)
    return Error::not_found("no such priority customer");
  std::set<int64_t> network_ids;
  if (found->network_id) network_ids.insert(*found->network_id);
  LL_TRY(auto models, load_models(networks_, actor, network_ids));
  const auto now = rt_.clock.now();
  LL_CHECK(rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto before, repo::find(tx, id));
    if (!before || !before->active) return Error::not_found("no such priority customer");
    Customer c = *before;
    c.active = false;
    LL_TRY(bool updated, repo::update(tx, c, before->version, now));
    if (!updated) return Error::conflict("this customer was changed meanwhile; try again");
    for (int64_t n : network_ids) LL_CHECK(sync_layer(tx, n, models));
    LL_CHECK(audit::record(tx, actor, now,
                           {"assurance.customer.deactivate", "priority_customer", std::to_string(id), c.org_id,
                            c.org_path, audit_json(*before), audit_json(c)}));
    return true;
  }));
  for (int64_t n : network_ids) networks_.invalidate_model(n);
  rt_.events.publish({"priority_customer.changed", found->org_id, found->org_path,
                      {{"id", id}, {"action", "deactivated"}, {"name", found->name}}});
  return {};
}

}  // namespace lifeline::app::assurance
