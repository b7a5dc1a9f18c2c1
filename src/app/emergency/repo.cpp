#include "app/emergency/repo.h"

#include <map>

namespace lifeline::app::emergency::repo {

namespace {

Result<std::vector<Emergency>> load(store::Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query("SELECT e.id, e.org_id, o.path, e.name, e.level, e.status, e.region, e.started_at,"
                             " e.ended_at, e.end_reason, COALESCE(u.display_name, '') FROM emergencies e"
                             " JOIN orgs o ON o.id = e.org_id LEFT JOIN users u ON u.id = e.declared_by " +
                                 where + " ORDER BY e.started_at DESC, e.id DESC",
                             params));
  std::vector<Emergency> out;
  std::map<int64_t, size_t> index;
  for (const auto& r : rows) {
    Emergency e;
    e.id = r.integer(0);
    e.org_id = r.integer(1);
    e.org_path = r.text(2);
    e.name = r.text(3);
    e.level = r.text(4);
    e.status = r.text(5);
    e.region = r.opt_text(6);
    e.started_at = from_millis(r.integer(7));
    if (!r.is_null(8)) e.ended_at = from_millis(r.integer(8));
    e.end_reason = r.opt_text(9);
    e.declared_by_name = r.text(10);
    index[e.id] = out.size();
    out.push_back(std::move(e));
  }
  if (out.empty()) return out;
  std::string in;
  store::Params ids;
  for (const auto& e : out) {
    in += in.empty() ? "?" : ",?";
    ids.emplace_back(e.id);
  }
  LL_TRY(auto covered, tx.query("SELECT eo.emergency_id, o.id, o.name, o.path FROM emergency_orgs eo"
                                " JOIN orgs o ON o.id = eo.org_id WHERE eo.emergency_id IN (" + in +
                                    ") ORDER BY o.path",
                                ids));
  for (const auto& r : covered) {
    auto it = index.find(r.integer(0));
    if (it != index.end()) out[it->second].covered.push_back({r.integer(1), r.text(2), r.text(3)});
  }
  LL_TRY(auto history, tx.query("SELECT h.emergency_id, h.at, h.action, h.level, COALESCE(u.display_name, ''),"
                                " h.note FROM emergency_history h LEFT JOIN users u ON u.id = h.by_user"
                                " ORDER BY h.at, h.id"));
  for (const auto& r : history) {
    auto it = index.find(r.integer(0));
    if (it != index.end())
      out[it->second].history.push_back(
          {from_millis(r.integer(1)), r.text(2), r.text(3), r.text(4), r.opt_text(5)});
  }
  return out;
}
}  // namespace

Result<std::vector<Emergency>> list(store::Tx& tx, const std::optional<std::string>& status) {
  if (status) return load(tx, "WHERE e.status = ?", {*status});
  return load(tx, "", {});
}

Result<std::optional<Emergency>> find(store::Tx& tx, int64_t id) {
  LL_TRY(auto found, load(tx, "WHERE e.id = ?", {id}));
  if (found.empty()) return std::optional<Emergency>();
  return std::optional<Emergency>(std::move(found[0]));
}

Result<int64_t> insert(store::Tx& tx, const Emergency& e, int64_t declared_by) {
  LL_TRY(int64_t id, tx.insert("INSERT INTO emergencies (org_id, name, level, region, status, started_at,"
                               " declared_by) VALUES (?,?,?,?,?,?,?) RETURNING id",
                               {e.org_id, e.name, e.level, e.region, e.status, to_millis(e.started_at),
                                declared_by ? store::Value(declared_by) : store::Value()}));
  for (const auto& c : e.covered)
    LL_CHECK(tx.execute("INSERT INTO emergency_orgs (emergency_id, org_id) VALUES (?,?)", {id, c.id}));
  return id;
}

Status update(store::Tx& tx, const Emergency& e) {
  return tx.execute("UPDATE emergencies SET name = ?, level = ?, region = ?, status = ?, ended_at = ?,"
                      " end_reason = ?, version = version + 1 WHERE id = ?",
                      {e.name, e.level, e.region, e.status,
                       e.ended_at ? store::Value(to_millis(*e.ended_at)) : store::Value(), e.end_reason, e.id});
}

Status add_history(store::Tx& tx, int64_t id, Instant at, const std::string& action, const std::string& level,
                   int64_t by_user, const std::optional<std::string>& note) {
  return tx.execute("INSERT INTO emergency_history (emergency_id, at, action, level, by_user, note)"
                      " VALUES (?,?,?,?,?,?)",
                      {id, to_millis(at), action, level, by_user ? store::Value(by_user) : store::Value(), note});
}

}  // namespace lifeline::app::emergency::repo
