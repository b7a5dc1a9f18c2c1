// Disinfection rounds (消毒记录) as cleaners record them on a phone: the
// place (its scanned QR code, or picked from the unit's list), the time, the
// person (the login), the agent, the quantity used and a photo. The quantity
// leaves the unit's stock through the supplies ledger in the same
// transaction (an issue to the place's unit, purpose 公共区域消毒): a round
// the stock cannot cover is refused with 409, nothing written. Recording
// needs disinfection.record over the place's unit (another unit's place is
// not found); the POST honours Idempotency-Key (phones retry on bad signal).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "app/supplies/movements.h"
#include "core/result.h"

namespace lifeline::app::disinfection {

struct NewRecord {
  std::optional<int64_t> place_id;
  std::optional<std::string> qr_token;  // the scanned code instead of place_id
  std::optional<Instant> done_at;       // default now
  std::optional<std::string> agent, unit, note;
  std::optional<int64_t> agent_item_id;  // default the place's
  std::optional<double> quantity;        // default the place's dose; 0: nothing drawn from stock
  std::vector<photos::NewPhoto> photos;
};

struct Record {
  int64_t id = 0, place_id = 0, org_id = 0;
  std::string place_name, place_kind, org_name, org_path, day, person_name, agent, via, note;
  Instant done_at;
  std::optional<int64_t> agent_item_id, quantity_milli, movement_id;
  std::string unit;  // the agent item's base unit
  nlohmann::json photos = nlohmann::json::array();
};

struct RecordFilter {
  std::optional<int64_t> org, place_id;
  std::optional<std::string> from, to;
};

class Records {
 public:
  explicit Records(Runtime& rt) : rt_(rt) {}

  Result<supplies::Recorded> record(const Actor& actor, const NewRecord& in,
                                    const std::optional<supplies::Retry>& retry,
                                    std::optional<supplies::Shortfall>* shortfall = nullptr);
  Result<std::vector<Record>> list(const Actor& actor, const RecordFilter& f);
  // Rounds of earlier weeks (the demo's history): record() without the limit on late entries.
  Result<supplies::Recorded> backfill(const Actor& actor, const NewRecord& in);

 private:
  Result<supplies::Recorded> write(const Actor& actor, const NewRecord& in,
                                   const std::optional<supplies::Retry>& retry,
                                   std::optional<supplies::Shortfall>* shortfall, std::optional<Record>& written);
  Runtime& rt_;
  api::Idempotency idem_;
};

nlohmann::json to_json(const Record& r);

}  // namespace lifeline::app::disinfection
