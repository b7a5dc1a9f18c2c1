// Personal check-in links and their QR codes.
//
// A link lets one person check in from a phone without an account. Its token
// is the link row's id signed with a server key (HMAC-SHA-512-256, libsodium
// crypto_auth, first 16 bytes), URL-safe base64: the server can print the same
// QR code again at any time, a forged or altered token fails verification, and
// revoking the row (revoked_at) ends the link. Issuing a new link revokes the
// person's earlier one. Tokens are never stored nor audited.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/health/model.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

// The person a check-in link token belongs to (the token may submit only that
// person's check-in); unauthenticated when the token is malformed, forged or revoked.
Result<Staff> resolve_link(store::Tx& tx, std::string_view token);
// Records that a (resolved) token was used, for the links list; call it in a
// write transaction. Does nothing for an unknown token.
Status mark_link_used(store::Tx& tx, std::string_view token, Instant at);

struct CheckinLink {
  int64_t id = 0;
  int64_t staff_id = 0;
  std::string token;
  Instant created_at;
  std::optional<Instant> revoked_at, last_used_at;
};

// One person in a unit's link list.
struct LinkStatus {
  int64_t staff_id = 0;
  std::string employee_no, name, org_name;
  std::string status;  // active, revoked, none
  std::optional<CheckinLink> link;  // the latest link
};

class Links {
 public:
  explicit Links(Runtime& rt) : rt_(rt) {}

  // health.manage over the person: a new link, revoking the earlier one.
  Result<CheckinLink> issue(const Actor& actor, int64_t staff_id);
  // Revokes the person's active link; not_found when there is none.
  Status revoke(const Actor& actor, int64_t staff_id);
  // The person's active link (with its token), not_found when there is none.
  Result<CheckinLink> active(const Actor& actor, int64_t staff_id);
  // Everyone active on the register in the subtree, with their link status.
  Result<std::vector<LinkStatus>> list(const Actor& actor, std::optional<int64_t> org);
  // Issues links for everyone active in the subtree without an active one; returns how many.
  Result<int64_t> issue_missing(const Actor& actor, std::optional<int64_t> org);

 private:
  Runtime& rt_;
};

// "/#/c/<token>": the web page that shows the check-in form for a token.
std::string link_path(const std::string& token);
// The QR code of `text` as an SVG image (error correction M, 4-module quiet zone).
Result<std::string> qr_svg(const std::string& text);
nlohmann::json to_json(const CheckinLink& link);

}  // namespace lifeline::app::health
