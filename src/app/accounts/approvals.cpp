#include "app/accounts/approvals.h"

#include "app/accounts/credentials.h"
#include "app/accounts/notices.h"
#include "app/accounts/repo.h"
#include "app/accounts/roles.h"
#include "app/audit/audit.h"
#include "app/notify/outbox.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::accounts {

using store::Tx;
using store::TxMode;

namespace {

constexpr const char* kSelect =
    "SELECT a.id, a.kind, a.user_id, u.username, u.display_name, u.org_id, o.name, a.org_path, a.role, a.reason,"
    " a.state, a.requested_by, rq.display_name, a.requested_at, a.expires_at, a.decided_by, dc.display_name,"
    " a.decided_at, a.decision_note"
    " FROM account_approvals a JOIN users u ON u.id = a.user_id JOIN orgs o ON o.id = u.org_id"
    " JOIN users rq ON rq.id = a.requested_by LEFT JOIN users dc ON dc.id = a.decided_by ";

Approval approval_from(const store::Row& r) {
  Approval a;
  a.id = r.integer(0);
  a.kind = r.text(1);
  a.user_id = r.integer(2);
  a.username = r.text(3);
  a.display_name = r.text(4);
  a.org_id = r.integer(5);
  a.org_name = r.text(6);
  a.org_path = r.text(7);
  a.role = r.opt_text(8);
  a.reason = r.text(9);
  a.state = r.text(10);
  a.requested_by = r.integer(11);
  a.requested_by_name = r.text(12);
  a.requested_at = from_millis(r.integer(13));
  a.expires_at = from_millis(r.integer(14));
  a.decided_by = r.opt_integer(15);
  if (!r.is_null(16)) a.decided_by_name = r.text(16);
  if (!r.is_null(17)) a.decided_at = from_millis(r.integer(17));
  a.note = r.text(18);
  return a;
}

Result<std::optional<Approval>> find(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kSelect) + "WHERE a.id = ?", {id}));
  if (!row) return std::optional<Approval>();
  return std::optional<Approval>(approval_from(*row));
}

std::string role_name(const std::optional<std::string>& role) {
  const auto* info = role ? find_role(*role) : nullptr;
  return info ? std::string(info->name_zh) : role.value_or("");
}

const char* kind_zh(const std::string& kind) {
  if (kind == "grant") return "授予防疫专员权限";
  if (kind == "password_reset") return "重置密码";
  return "启用账号";
}

// The account's unit's group hears of it too, its owner @-mentioned: a
// takeover must not stay between the two people who agreed on it.
Status tell_group(Tx& tx, const User& owner, const std::string& event, const std::string& title,
                  const std::string& text, const std::string& dedup_key, Instant now) {
  notify::Notice n;
  n.org_id = owner.org_id;
  n.org_path = owner.org_path;
  n.event = event;
  n.priority = notify::Priority::high;
  n.title = title;
  n.text = text;
  n.link = "/approvals";
  if (owner.phone) n.mention_phones.push_back(*owner.phone);
  n.dedup_key = dedup_key;
  LL_CHECK(notify::enqueue(tx, n, now));
  return {};
}

bool at_association(const std::string& path) {
  // "/1/": one segment.
  return path.size() > 2 && path.find('/', 1) == path.size() - 1;
}

}  // namespace

namespace approvals {

bool guarded_role(std::string_view role) { return role_has(role, Permission::health_records); }

bool applies_to(const Actor& actor) { return actor.user_id != 0; }

bool may_decide(const Actor& actor, const Approval& a) {
  if (!actor.token_scope.empty() || !actor.can(Permission::health_records)) return false;
  if (actor.user_id == a.requested_by || actor.user_id == a.user_id) return false;
  if (!actor.sees(a.org_path)) return false;
  return actor.org_path != a.org_path || at_association(a.org_path);
}

Result<Approval> request(Tx& tx, const Actor& actor, const User& target, const ApprovalRequest& req, Instant now,
                         const Config& config) {
  // A request nobody decided in time gives way to a new one.
  LL_CHECK(tx.exec("UPDATE account_approvals SET state = 'expired', password_hash = NULL"
                   " WHERE user_id = ? AND kind = ? AND state = 'pending' AND expires_at <= ?",
                   {target.id, req.kind, to_millis(now)}));
  LL_TRY(auto waiting, tx.query_one("SELECT id FROM account_approvals WHERE user_id = ? AND kind = ? AND state = 'pending'",
                                    {target.id, req.kind}));
  if (waiting)
    return Error::conflict("a request to " + std::string(kind_zh(req.kind)) + " for this account (#" +
                           std::to_string(waiting->integer(0)) + ") is already waiting for approval");
  const Instant expires = now + std::chrono::hours(config.approval_hours);
  // The partial unique index keeps one open request per account and kind under concurrency.
  LL_TRY(int64_t id, tx.insert("INSERT INTO account_approvals (kind, user_id, org_path, role, password_hash, reason,"
                               " state, requested_by, requested_at, expires_at)"
                               " VALUES (?,?,?,?,?,?,'pending',?,?,?) RETURNING id",
                               {req.kind, target.id, target.org_path, req.role, req.password_hash, req.reason,
                                actor.user_id, to_millis(now), to_millis(expires)}));
  LL_CHECK(audit::record(tx, actor, now,
                         {"user.approval_request", "account_approval", std::to_string(id), target.org_id,
                          target.org_path, nullptr,
                          {{"kind", req.kind},
                           {"user", target.username},
                           {"user_id", target.id},
                           {"role", req.role ? nlohmann::json(*req.role) : nlohmann::json()},
                           {"reason", req.reason},
                           {"second_person_required", true}}}));
  LL_CHECK(notices::announce(tx, target.id, "approval_requested",
                             {{"approval_id", id}, {"kind", req.kind}, {"requested_by", actor.display_name},
                              {"role", req.role ? nlohmann::json(*req.role) : nlohmann::json()}},
                             now));
  LL_CHECK(tell_group(tx, target, "accounts.approval_requested", "待审批：防疫数据权限变更",
                      actor.display_name + " 申请对账号 " + target.username + "（" + target.display_name + "）" +
                          kind_zh(req.kind) + "，需上级单位防疫负责人批准后生效。",
                      "approval-request:" + std::to_string(id), now));
  LL_TRY(auto out, find(tx, id));
  return *out;
}

}  // namespace approvals

Result<std::vector<Approval>> Approvals::list(const Actor& actor, const ApprovalFilter& f) {
  if (!actor.can(Permission::users_read) && !actor.can(Permission::health_records)) return Error::forbidden();
  const auto now = to_millis(rt_.clock.now());
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Approval>> {
    std::string sql = std::string(kSelect) + "WHERE a.org_path LIKE ? ESCAPE '\\'";
    store::Params p{store::like_prefix(actor.org_path)};
    if (f.state == "pending") {
      sql += " AND a.state = 'pending' AND a.expires_at > ?";
      p.emplace_back(now);
    } else if (f.state == "expired") {
      sql += " AND (a.state = 'expired' OR (a.state = 'pending' AND a.expires_at <= ?))";
      p.emplace_back(now);
    } else if (f.state) {
      sql += " AND a.state = ?";
      p.emplace_back(*f.state);
    }
    sql += " ORDER BY a.id DESC LIMIT 200";
    LL_TRY(auto rows, tx.query(sql, p));
    std::vector<Approval> out;
    for (const auto& r : rows) out.push_back(approval_from(r));
    return out;
  });
}

Result<Approval> Approvals::approve(const Actor& actor, int64_t id, const std::string& note) {
  return decide(actor, id, Decision::approve, note);
}

Result<Approval> Approvals::reject(const Actor& actor, int64_t id, const std::string& note) {
  return decide(actor, id, Decision::reject, note);
}

namespace {

// The change the approval stood for, made now, audited as approved.
Status apply(Tx& tx, const Actor& approver, const Approval& a, const std::optional<std::string>& password_hash,
             Instant now) {
  LL_TRY(auto found, repo::find_user(tx, a.user_id));
  if (!found) return Error::not_found("no such user");
  User user = *found;
  const User before = user;
  const nlohmann::json approval = {{"approval_id", a.id},
                                   {"requested_by", a.requested_by_name},
                                   {"approved_by", approver.display_name}};
  std::string action, notice;
  nlohmann::json after;
  if (a.kind == "grant") {
    user.role = a.role.value_or(user.role);
    LL_CHECK(repo::update_user(tx, user));
    LL_CHECK(repo::delete_user_sessions(tx, user.id));  // a new role starts with a new login
    action = "user.update";
    notice = "role_granted";
  } else if (a.kind == "password_reset") {
    if (!password_hash) return Error::conflict("the new password of this request is gone; ask again");
    LL_CHECK(repo::set_password_hash(tx, user.id, *password_hash));
    LL_CHECK(credentials::change(tx, user.id, now));
    action = "user.password_reset";
    notice = "password_reset";
  } else {
    user.disabled = false;
    LL_CHECK(repo::update_user(tx, user));
    LL_CHECK(credentials::change(tx, user.id, now));  // tokens of before the disabling stay dead
    action = "user.enable";
    notice = "enabled";
  }
  nlohmann::json view_before = {{"role", before.role}, {"disabled", before.disabled}};
  nlohmann::json view_after = {{"role", user.role}, {"disabled", user.disabled}, {"approval", approval}};
  LL_CHECK(audit::record(tx, approver, now,
                         {action, "user", std::to_string(user.id), user.org_id, user.org_path, view_before,
                          view_after}));
  LL_CHECK(notices::announce(tx, user.id, notice,
                             {{"approval_id", a.id},
                              {"requested_by", a.requested_by_name},
                              {"approved_by", approver.display_name},
                              {"role", a.role ? nlohmann::json(*a.role) : nlohmann::json()}},
                             now));
  return tell_group(tx, user, "accounts.health_access_changed", "防疫数据权限变更已生效",
                    "账号 " + user.username + "（" + user.display_name + "）：" + a.requested_by_name + " 申请的" +
                        kind_zh(a.kind) + (a.role ? "（" + role_name(a.role) + "）" : std::string()) + "已由 " +
                        approver.display_name + " 批准生效。如账号本人不知情，请立即联系单位防疫负责人。",
                    "approval-applied:" + std::to_string(a.id), now);
}

}  // namespace

Result<Approval> Approvals::decide(const Actor& actor, int64_t id, Decision decision, const std::string& note) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Approval> {
    LL_TRY(auto a, find(tx, id));
    if (!a || !actor.sees(a->org_path)) return Error::not_found("no such request");
    if (!approvals::may_decide(actor, *a))
      return Error::forbidden("a health officer of a higher unit, who neither asked for this nor holds the account, "
                              "decides it");
    if (a->state != "pending") return Error::conflict("this request was already " + a->state);
    if (a->expires_at <= now) return Error::conflict("this request expired; the admin must ask again");
    LL_TRY(auto hash, tx.query_one("SELECT password_hash FROM account_approvals WHERE id = ?", {id}));
    const std::optional<std::string> password_hash = hash ? hash->opt_text(0) : std::nullopt;
    const std::string state = decision == Decision::approve ? "approved" : "rejected";
    // Conditional on still pending: two approvers at once decide it once.
    LL_TRY(int64_t changed, tx.exec("UPDATE account_approvals SET state = ?, decided_by = ?, decided_at = ?,"
                                    " decision_note = ?, password_hash = NULL WHERE id = ? AND state = 'pending'",
                                    {state, actor.user_id, to_millis(now), note, id}));
    if (changed != 1) return Error::conflict("this request was decided meanwhile");
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.approval_" + std::string(decision == Decision::approve ? "approve" : "reject"),
                            "account_approval", std::to_string(id), a->org_id, a->org_path, {{"state", "pending"}},
                            {{"state", state},
                             {"kind", a->kind},
                             {"user", a->username},
                             {"requested_by", a->requested_by_name},
                             {"note", note}}}));
    if (decision == Decision::approve) {
      LL_CHECK(apply(tx, actor, *a, password_hash, now));
    } else {
      LL_CHECK(notices::announce(tx, a->user_id, "approval_rejected",
                                 {{"approval_id", id}, {"kind", a->kind}, {"requested_by", a->requested_by_name},
                                  {"rejected_by", actor.display_name}},
                                 now));
    }
    LL_TRY(auto out, find(tx, id));
    return *out;
  });
}

Result<Approval> Approvals::cancel(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::users_write)) return Error::forbidden();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Approval> {
    LL_TRY(auto a, find(tx, id));
    if (!a || !actor.sees(a->org_path)) return Error::not_found("no such request");
    LL_TRY(int64_t changed, tx.exec("UPDATE account_approvals SET state = 'cancelled', decided_by = ?, decided_at = ?,"
                                    " password_hash = NULL WHERE id = ? AND state = 'pending'",
                                    {actor.user_id, to_millis(now), id}));
    if (changed != 1) return Error::conflict("this request was already " + a->state);
    LL_CHECK(audit::record(tx, actor, now,
                           {"user.approval_cancel", "account_approval", std::to_string(id), a->org_id, a->org_path,
                            {{"state", "pending"}}, {{"state", "cancelled"}, {"kind", a->kind}, {"user", a->username}}}));
    LL_TRY(auto out, find(tx, id));
    return *out;
  });
}

nlohmann::json to_json(const Approval& a, const Actor& viewer, Instant now) {
  auto opt_time = [](const std::optional<Instant>& t) { return t ? nlohmann::json(format_instant(*t)) : nlohmann::json(); };
  const bool expired = a.state == "pending" && a.expires_at <= now;
  return {{"id", a.id},
          {"kind", a.kind},
          {"user", {{"id", a.user_id}, {"username", a.username}, {"display_name", a.display_name}}},
          {"org_id", a.org_id},
          {"org_name", a.org_name},
          {"role", a.role ? nlohmann::json(*a.role) : nlohmann::json()},
          {"reason", a.reason},
          {"state", expired ? std::string("expired") : a.state},
          {"requested_by", {{"id", a.requested_by}, {"display_name", a.requested_by_name}}},
          {"requested_at", format_instant(a.requested_at)},
          {"expires_at", format_instant(a.expires_at)},
          {"decided_by", a.decided_by ? nlohmann::json{{"id", *a.decided_by}, {"display_name", a.decided_by_name}}
                                      : nlohmann::json()},
          {"decided_at", opt_time(a.decided_at)},
          {"note", a.note},
          {"may_decide", !expired && a.state == "pending" && approvals::may_decide(viewer, a)}};
}

}  // namespace lifeline::app::accounts
