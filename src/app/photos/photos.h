// Photos with captions (现场照片) attached to patrols, incidents and work
// orders. Sent inside JSON as base64 (a phone's camera picture, ≤ 2 MiB
// decoded), stored in the photos table with the org path of their owner and
// served by GET /api/v1/photos/{id} to whoever sees that path.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/clock.h"
#include "core/json_input.h"
#include "core/result.h"
#include "app/api/gate.h"
#include "app/runtime.h"
#include "http/router.h"
#include "store/database.h"

namespace lifeline::app::photos {

inline constexpr size_t kMaxPhotoBytes = 2 * 1024 * 1024;
inline constexpr size_t kMaxPhotos = 9;

struct NewPhoto {
  std::string caption;
  std::string mime;    // image/jpeg, image/png or image/webp: what the bytes decode as
  std::string base64;  // the decoded picture, without anything appended after its end
};

// Reads the optional array `field` ([{caption, mime, data}]) of a request
// body; errors name "photos/2/data" and so on. Each picture is decoded whole
// (media::check_picture): undecodable, cut-short or oversized pictures and a
// mime type other than the decoded one are refused.
std::vector<NewPhoto> read(JsonInput& in, const std::string& field = "photos");

// Stores the photos for (owner_kind, owner_id) inside the caller's transaction.
Status attach(store::Tx& tx, const std::string& owner_kind, int64_t owner_id, const std::string& org_path,
              const Actor& actor, Instant now, const std::vector<NewPhoto>& photos);

// [{id, caption, mime, url}] of an owner, oldest first (no picture data).
Result<nlohmann::json> list(store::Tx& tx, const std::string& owner_kind, int64_t owner_id);

// GET /api/v1/photos/{id}: the picture, scoped by its org path (404 outside).
void add_routes(http::Router& router, const api::Gate& gate, Runtime& rt);

}  // namespace lifeline::app::photos
