#include "app/health/links.h"

#include <algorithm>

#include <qrencode.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <memory>

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "app/health/staff_repo.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

constexpr size_t kMacBytes = 16;       // of crypto_auth's 32: 128 bits, a shorter QR code
constexpr size_t kTokenBytes = 8 + kMacBytes;
constexpr char kContext[] = "lifeline check-in link v1:";

using Key = std::array<unsigned char, crypto_auth_KEYBYTES>;

std::optional<Key> decode_key(const std::string& hex) {
  Key key{};
  size_t len = 0;
  if (sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size())
    return std::nullopt;
  return key;
}

// The signing key; with `create`, made on first use (writes are serialised, and
// ON CONFLICT keeps a concurrent first use from failing).
Result<std::optional<Key>> signing_key(Tx& tx, bool create, Instant now) {
  LL_TRY(auto row, tx.query_one("SELECT secret FROM checkin_link_keys WHERE id = 1"));
  if (!row && create) {
    if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
    Key key;
    crypto_auth_keygen(key.data());
    std::string hex(key.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    hex.pop_back();
    sodium_memzero(key.data(), key.size());
    LL_CHECK(tx.execute("INSERT INTO checkin_link_keys (id, secret, created_at) VALUES (1, ?, ?)"
                        " ON CONFLICT (id) DO NOTHING",
                        {hex, to_millis(now)}));
    LL_TRY(row, tx.query_one("SELECT secret FROM checkin_link_keys WHERE id = 1"));
  }
  if (!row) return std::optional<Key>();
  auto key = decode_key(row->text(0));
  if (!key) return Error::internal("the check-in link key is damaged");
  return key;
}

std::array<unsigned char, crypto_auth_BYTES> mac_of(const Key& key, const unsigned char id_bytes[8]) {
  unsigned char message[sizeof kContext - 1 + 8];
  std::memcpy(message, kContext, sizeof kContext - 1);
  std::memcpy(message + sizeof kContext - 1, id_bytes, 8);
  std::array<unsigned char, crypto_auth_BYTES> mac{};
  crypto_auth(mac.data(), message, sizeof message, key.data());
  return mac;
}

std::string sign(const Key& key, int64_t link_id) {
  unsigned char raw[kTokenBytes];
  auto id = static_cast<uint64_t>(link_id);
  for (int i = 7; i >= 0; --i) {
    raw[i] = static_cast<unsigned char>(id & 0xFF);
    id >>= 8;
  }
  auto mac = mac_of(key, raw);
  std::memcpy(raw + 8, mac.data(), kMacBytes);
  char out[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

// The link id a token claims, when its signature holds.
std::optional<int64_t> verify(const Key& key, std::string_view token) {
  if (token.size() != sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1)
    return std::nullopt;
  unsigned char raw[kTokenBytes];
  size_t len = 0;
  if (sodium_base642bin(raw, sizeof raw, token.data(), token.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len != kTokenBytes)
    return std::nullopt;
  auto mac = mac_of(key, raw);
  if (sodium_memcmp(mac.data(), raw + 8, kMacBytes) != 0) return std::nullopt;
  uint64_t id = 0;
  for (int i = 0; i < 8; ++i) id = (id << 8) | raw[i];
  if (id == 0 || id > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(id);
}

CheckinLink link_from(const store::Row& r, size_t at, const Key& key) {
  CheckinLink l;
  l.id = r.integer(at);
  l.staff_id = r.integer(at + 1);
  l.created_at = from_millis(r.integer(at + 2));
  if (!r.is_null(at + 3)) l.revoked_at = from_millis(r.integer(at + 3));
  if (!r.is_null(at + 4)) l.last_used_at = from_millis(r.integer(at + 4));
  if (!l.revoked_at) l.token = sign(key, l.id);
  return l;
}

constexpr const char* kLinkColumns = "l.id, l.staff_id, l.created_at, l.revoked_at, l.last_used_at";

Result<std::optional<CheckinLink>> active_link(Tx& tx, const Key& key, int64_t staff_id) {
  LL_TRY(auto row, tx.query_one(std::string("SELECT ") + kLinkColumns +
                                    " FROM checkin_links l WHERE l.staff_id = ? AND l.revoked_at IS NULL"
                                    " ORDER BY l.id DESC LIMIT 1",
                                {staff_id}));
  if (!row) return std::optional<CheckinLink>();
  return std::optional<CheckinLink>(link_from(*row, 0, key));
}

}  // namespace

Result<Staff> resolve_link(Tx& tx, std::string_view token) {
  const auto refused = [] { return Error::unauthenticated("this check-in link is not valid (revoked or mistyped)"); };
  LL_TRY(auto key, signing_key(tx, false, Instant{}));
  if (!key) return refused();
  auto id = verify(*key, token);
  if (!id) return refused();
  LL_TRY(auto row, tx.query_one("SELECT staff_id, revoked_at FROM checkin_links WHERE id = ?", {*id}));
  if (!row || !row->is_null(1)) return refused();
  LL_TRY(auto person, staff_repo::find(tx, row->integer(0)));
  if (!person || !person->active) return refused();
  return *person;
}

Status mark_link_used(Tx& tx, std::string_view token, Instant at) {
  LL_TRY(auto key, signing_key(tx, false, at));
  if (!key) return {};
  auto id = verify(*key, token);
  if (!id) return {};
  return tx.execute("UPDATE checkin_links SET last_used_at = ? WHERE id = ?", {to_millis(at), *id});
}

Result<CheckinLink> Links::issue(const Actor& actor, int64_t staff_id) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::pair<CheckinLink, Staff>> {
    // The person's row is locked: two issues at once run one after the other,
    // the second revokes the first's link (one active link: checkin_links_active).
    LL_CHECK(tx.query("SELECT id FROM staff WHERE id = ? FOR UPDATE", {staff_id}));
    LL_TRY(Staff s, manageable(tx, actor, staff_id));
    if (!s.active) return Error::conflict("this person is no longer active on the register");
    LL_TRY(auto key, signing_key(tx, true, now));
    if (!key) return Error::internal("no check-in link key");
    LL_TRY(auto revoked, tx.exec("UPDATE checkin_links SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL",
                                 {to_millis(now), s.id}));
    CheckinLink link;
    link.staff_id = s.id;
    link.created_at = now;
    LL_TRY(link.id, tx.insert("INSERT INTO checkin_links (staff_id, created_at, created_by) VALUES (?,?,?) RETURNING id",
                              {s.id, to_millis(now), actor.user_id ? store::Value(actor.user_id) : store::Value()}));
    link.token = sign(*key, link.id);
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.checkin_link_issue", "checkin_link", std::to_string(link.id), s.org_id, s.org_path,
                            nullptr,
                            {{"staff_id", s.id},
                             {"employee_no", s.employee_no},
                             {"name", s.name},
                             {"revoked_earlier", revoked}}}));
    return std::make_pair(link, s);
  });
  if (!r) return r.error();
  rt_.events.publish({"health.checkin_link_issued", r->second.org_id, r->second.org_path, {{"staff_id", staff_id}}});
  return r->first;
}

Status Links::revoke(const Actor& actor, int64_t staff_id) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(Staff s, manageable(tx, actor, staff_id));
    LL_TRY(auto rows, tx.query("SELECT id FROM checkin_links WHERE staff_id = ? AND revoked_at IS NULL", {s.id}));
    if (rows.empty()) return Error::not_found("this person has no active check-in link");
    LL_CHECK(tx.execute("UPDATE checkin_links SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL",
                        {to_millis(now), s.id}));
    for (const auto& row : rows)
      LL_CHECK(audit::record(tx, actor, now,
                             {"health.checkin_link_revoke", "checkin_link", row.text(0), s.org_id, s.org_path,
                              {{"staff_id", s.id}, {"employee_no", s.employee_no}, {"name", s.name}},
                              nullptr}));
    return true;
  });
  if (!r) return r.error();
  return {};
}

Result<CheckinLink> Links::active(const Actor& actor, int64_t staff_id) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<CheckinLink> {
    LL_TRY(Staff s, manageable(tx, actor, staff_id));
    LL_TRY(auto key, signing_key(tx, false, Instant{}));
    if (!key) return Error::not_found("this person has no active check-in link");
    LL_TRY(auto link, active_link(tx, *key, s.id));
    if (!link) return Error::not_found("this person has no active check-in link");
    return *link;
  });
}

Result<std::vector<LinkStatus>> Links::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<LinkStatus>> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_TRY(auto key, signing_key(tx, false, Instant{}));
    LL_TRY(auto rows,
           tx.query(std::string("SELECT s.id, s.employee_no, s.name, o.name, ") + kLinkColumns +
                        " FROM staff s JOIN orgs o ON o.id = s.org_id"
                        " LEFT JOIN checkin_links l ON l.id = (SELECT MAX(c.id) FROM checkin_links c"
                        " WHERE c.staff_id = s.id)"
                        " WHERE s.org_path LIKE ? ESCAPE '\\' AND s.active = 1 ORDER BY s.org_path, s.employee_no",
                    {store::like_prefix(sc.path)}));
    std::vector<LinkStatus> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      LinkStatus st;
      st.staff_id = r.integer(0);
      st.employee_no = r.text(1);
      st.name = r.text(2);
      st.org_name = r.text(3);
      st.status = "none";
      if (!r.is_null(4) && key) {
        st.link = link_from(r, 4, *key);
        st.status = st.link->revoked_at ? "revoked" : "active";
      }
      out.push_back(std::move(st));
    }
    return out;
  });
}

Result<int64_t> Links::issue_missing(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::pair<int64_t, Scope>> {
    LL_TRY(auto sc, scope(tx, actor, org));
    LL_CHECK(signing_key(tx, true, now));  // tokens of these links can be printed from now on
    const std::string where =
        " FROM staff s WHERE s.org_path LIKE ? ESCAPE '\\' AND s.active = 1 AND NOT EXISTS"
        " (SELECT 1 FROM checkin_links c WHERE c.staff_id = s.id AND c.revoked_at IS NULL)";
    const std::string prefix = store::like_prefix(sc.path);
    // Someone issued meanwhile (a single issue, or this on another server):
    // the partial unique index keeps one active link and this skips them.
    LL_TRY(auto ids, tx.query("INSERT INTO checkin_links (staff_id, created_at, created_by) SELECT s.id, ?, ?" + where +
                                  " ORDER BY s.id ON CONFLICT (staff_id) WHERE revoked_at IS NULL DO NOTHING"
                                  " RETURNING staff_id",
                              {to_millis(now), actor.user_id ? store::Value(actor.user_id) : store::Value(), prefix}));
    const auto n = static_cast<int64_t>(ids.size());
    if (n == 0) return std::make_pair(int64_t{0}, sc);
    std::vector<int64_t> issued;
    for (const auto& row : ids) issued.push_back(row.integer(0));
    std::sort(issued.begin(), issued.end());
    nlohmann::json staff_ids = issued;
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.checkin_link_issue_all", "checkin_link", "", sc.org_id, sc.path, nullptr,
                            {{"org_id", sc.org_id}, {"issued", n}, {"staff_ids", staff_ids}}}));
    return std::make_pair(n, sc);
  });
  if (!r) return r.error();
  if (r->first > 0)
    rt_.events.publish({"health.checkin_links_issued", r->second.org_id, r->second.path, {{"issued", r->first}}});
  return r->first;
}

std::string link_path(const std::string& token) { return "/#/c/" + token; }

Result<std::string> qr_svg(const std::string& text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  QRcode_free);
  if (!code) return Error::internal("cannot encode the QR code");
  const int w = code->width, quiet = 4, size = w + 2 * quiet;
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) + "\" width=\"" + std::to_string(size * 8) +
                    "\" height=\"" + std::to_string(size * 8) +
                    "\" shape-rendering=\"crispEdges\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
                    "<path fill=\"#000\" d=\"";
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w;) {
      if (!(code->data[y * w + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < w && (code->data[y * w + x + run] & 1)) ++run;
      svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + std::to_string(run) +
             "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  svg += "\"/>\n</svg>\n";
  return svg;
}

nlohmann::json to_json(const CheckinLink& l) {
  nlohmann::json j = {{"id", l.id},
                      {"staff_id", l.staff_id},
                      {"created_at", format_instant(l.created_at)},
                      {"revoked_at", l.revoked_at ? nlohmann::json(format_instant(*l.revoked_at)) : nlohmann::json()},
                      {"last_used_at",
                       l.last_used_at ? nlohmann::json(format_instant(*l.last_used_at)) : nlohmann::json()}};
  if (!l.token.empty()) {
    j["token"] = l.token;
    j["url"] = link_path(l.token);
  }
  return j;
}

}  // namespace lifeline::app::health
