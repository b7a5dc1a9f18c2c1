#include "app/org/repo.h"
#include "store/like.h"

#include <map>

namespace lifeline::app::org::repo {

namespace {
constexpr const char* kOrgColumns =
    "SELECT id, parent_id, kind, code, name, name_en, address, phone, path, version, created_at FROM orgs ";

Org org_from(const store::Row& r) {
  return {r.integer(0), r.opt_integer(1), r.text(2),     r.text(3),     r.text(4),
          r.opt_text(5), r.opt_text(6),   r.opt_text(7), r.text(8),     r.integer(9),
          from_millis(r.integer(10))};
}

}  // namespace

Result<std::optional<Org>> find(store::Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kOrgColumns) + "WHERE id = ?", {id}));
  if (!row) return std::optional<Org>();
  return std::optional<Org>(org_from(*row));
}

Result<std::optional<Org>> find_by_code(store::Tx& tx, const std::string& code) {
  LL_TRY(auto row, tx.query_one(std::string(kOrgColumns) + "WHERE code = ?", {code}));
  if (!row) return std::optional<Org>();
  return std::optional<Org>(org_from(*row));
}

Result<std::vector<Org>> subtree(store::Tx& tx, const std::string& path) {
  LL_TRY(auto rows, tx.query(std::string(kOrgColumns) + "WHERE path LIKE ? ESCAPE '\\' ORDER BY path",
                             {store::like_prefix(path)}));
  std::vector<Org> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(org_from(r));
  return out;
}

Result<int64_t> count_subtree(store::Tx& tx, const std::string& path) {
  LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM orgs WHERE path LIKE ? ESCAPE '\\'",
                                {store::like_prefix(path)}));
  return row ? row->integer(0) : 0;
}

Result<int64_t> insert(store::Tx& tx, const NewOrg& o, const std::string& parent_path, Instant now) {
  LL_TRY(int64_t id, tx.insert("INSERT INTO orgs (parent_id, kind, code, name, name_en, address, phone, path,"
                               " created_at) VALUES (?,?,?,?,?,?,?,'',?) RETURNING id",
                               {o.parent_id, o.kind, o.code, o.name, o.name_en, o.address, o.phone,
                                to_millis(now)}));
  LL_CHECK(tx.execute("UPDATE orgs SET path = ? WHERE id = ?", {parent_path + std::to_string(id) + "/", id}));
  return id;
}

Result<bool> update(store::Tx& tx, const Org& o, int64_t expected_version) {
  LL_TRY(int64_t n, tx.exec("UPDATE orgs SET code = ?, name = ?, name_en = ?, address = ?, phone = ?,"
                            " version = version + 1 WHERE id = ? AND version = ?",
                            {o.code, o.name, o.name_en, o.address, o.phone, o.id, expected_version}));
  return n == 1;
}

namespace {
constexpr const char* kBodyColumns =
    "SELECT id, org_id, parent_id, kind, name, leader_name, leader_title, responsibilities, sort_order"
    " FROM command_bodies ";

CommandBody body_from(const store::Row& r) {
  CommandBody b;
  b.id = r.integer(0);
  b.org_id = r.integer(1);
  b.parent_id = r.opt_integer(2);
  b.kind = r.text(3);
  b.name = r.text(4);
  b.leader_name = r.text(5);
  b.leader_title = r.opt_text(6);
  b.responsibilities = r.opt_text(7);
  b.sort_order = r.integer(8);
  return b;
}

// Fills members and supervised units for the given bodies (two queries in all).
Status fill(store::Tx& tx, std::vector<CommandBody>& bodies) {
  if (bodies.empty()) return {};
  std::map<int64_t, CommandBody*> by_id;
  std::string in;
  store::Params ids;
  for (auto& b : bodies) {
    by_id[b.id] = &b;
    in += in.empty() ? "?" : ",?";
    ids.emplace_back(b.id);
  }
  LL_TRY(auto members, tx.query("SELECT body_id, id, name, title, phone FROM command_members WHERE body_id IN (" +
                                    in + ") ORDER BY id",
                                ids));
  for (const auto& r : members)
    by_id[r.integer(0)]->members.push_back({r.integer(1), r.text(2), r.opt_text(3), r.opt_text(4)});
  LL_TRY(auto supervised, tx.query("SELECT s.body_id, o.id, o.name FROM command_supervision s JOIN orgs o"
                                   " ON o.id = s.org_id WHERE s.body_id IN (" + in + ") ORDER BY o.path",
                                   ids));
  for (const auto& r : supervised) by_id[r.integer(0)]->supervised.emplace_back(r.integer(1), r.text(2));
  return {};
}
}  // namespace

Result<std::vector<CommandBody>> bodies(store::Tx& tx, int64_t org_id) {
  LL_TRY(auto rows, tx.query(std::string(kBodyColumns) + "WHERE org_id = ? ORDER BY sort_order, id", {org_id}));
  std::vector<CommandBody> out;
  for (const auto& r : rows) out.push_back(body_from(r));
  LL_CHECK(fill(tx, out));
  return out;
}

Result<std::optional<CommandBody>> find_body(store::Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kBodyColumns) + "WHERE id = ?", {id}));
  if (!row) return std::optional<CommandBody>();
  std::vector<CommandBody> one{body_from(*row)};
  LL_CHECK(fill(tx, one));
  return std::optional<CommandBody>(std::move(one[0]));
}

Result<int64_t> insert_body(store::Tx& tx, const CommandBody& b, Instant now) {
  return tx.insert("INSERT INTO command_bodies (org_id, parent_id, kind, name, leader_name, leader_title,"
                   " responsibilities, sort_order, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                   {b.org_id, b.parent_id, b.kind, b.name, b.leader_name, b.leader_title, b.responsibilities,
                    b.sort_order, to_millis(now)});
}

Status update_body(store::Tx& tx, const CommandBody& b) {
  return tx.execute("UPDATE command_bodies SET parent_id = ?, kind = ?, name = ?, leader_name = ?,"
                      " leader_title = ?, responsibilities = ?, sort_order = ? WHERE id = ?",
                      {b.parent_id, b.kind, b.name, b.leader_name, b.leader_title, b.responsibilities,
                       b.sort_order, b.id});
}

Status delete_body(store::Tx& tx, int64_t id) {
  // Children move up to the deleted body's parent rather than vanishing.
  LL_CHECK(tx.execute("UPDATE command_bodies SET parent_id = (SELECT parent_id FROM command_bodies WHERE id = ?)"
                        " WHERE parent_id = ?",
                        {id, id}));
  LL_CHECK(tx.execute("DELETE FROM command_members WHERE body_id = ?", {id}));
  LL_CHECK(tx.execute("DELETE FROM command_supervision WHERE body_id = ?", {id}));
  return tx.execute("DELETE FROM command_bodies WHERE id = ?", {id});
}

Result<int64_t> insert_member(store::Tx& tx, int64_t body_id, const Member& m) {
  return tx.insert("INSERT INTO command_members (body_id, name, title, phone) VALUES (?,?,?,?) RETURNING id",
                   {body_id, m.name, m.title, m.phone});
}

Result<bool> delete_member(store::Tx& tx, int64_t body_id, int64_t member_id) {
  LL_TRY(int64_t n, tx.exec("DELETE FROM command_members WHERE id = ? AND body_id = ?", {member_id, body_id}));
  return n == 1;
}

Status set_supervised(store::Tx& tx, int64_t body_id, const std::vector<int64_t>& org_ids) {
  LL_CHECK(tx.execute("DELETE FROM command_supervision WHERE body_id = ?", {body_id}));
  for (int64_t id : org_ids)
    LL_CHECK(tx.execute("INSERT INTO command_supervision (body_id, org_id) VALUES (?,?)", {body_id, id}));
  return {};
}

}  // namespace lifeline::app::org::repo
