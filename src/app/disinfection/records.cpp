#include "app/disinfection/records.h"

#include "app/audit/audit.h"
#include "app/disinfection/places.h"
#include "app/disinfection/rounds.h"
#include "app/supplies/access.h"
#include "app/supplies/ledger.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::disinfection {

using store::Tx;
using store::TxMode;

namespace {

constexpr int kLateEntryDays = 7;  // a round may be entered up to a week later (补录)

constexpr const char* kSelect =
    "SELECT r.id, r.place_id, p.name, p.kind, r.org_id, o.name, r.org_path, r.day, r.done_at, r.person_name,"
    " r.agent, r.agent_item_id, r.quantity_milli, COALESCE(i.base_unit, ''), r.movement_id, r.via, r.note"
    " FROM disinfection_records r JOIN disinfection_places p ON p.id = r.place_id JOIN orgs o ON o.id = r.org_id"
    " LEFT JOIN supply_items i ON i.id = r.agent_item_id ";

Record from_row(const store::Row& r) {
  Record x;
  x.id = r.integer(0);
  x.place_id = r.integer(1);
  x.place_name = r.text(2);
  x.place_kind = r.text(3);
  x.org_id = r.integer(4);
  x.org_name = r.text(5);
  x.org_path = r.text(6);
  x.day = r.text(7);
  x.done_at = from_millis(r.integer(8));
  x.person_name = r.text(9);
  x.agent = r.text(10);
  x.agent_item_id = r.opt_integer(11);
  x.quantity_milli = r.opt_integer(12);
  x.unit = r.text(13);
  x.movement_id = r.opt_integer(14);
  x.via = r.text(15);
  x.note = r.text(16);
  return x;
}

Result<Place> resolve_place(Tx& tx, const Actor& actor, const NewRecord& in) {
  if (in.place_id) return visible_place(tx, actor, *in.place_id, "place_id");
  LL_TRY(auto row, tx.query_one("SELECT id FROM disinfection_places WHERE qr_token = ?", {*in.qr_token}));
  if (!row) return supplies::not_found_field("qr_token", "no place has this code");
  return visible_place(tx, actor, row->integer(0), "qr_token");
}

// Draws the round's agent from the place's warehouse; nullopt when nothing is drawn.
Result<std::optional<int64_t>> draw_agent(Tx& tx, const Actor& actor, const Place& place, const NewRecord& in,
                                          std::optional<int64_t>& item_id, std::optional<int64_t>& milli,
                                          Instant done_at, const std::string& day, Instant now,
                                          std::optional<supplies::Shortfall>* shortfall) {
  item_id = in.agent_item_id ? in.agent_item_id : place.agent_item_id;
  if (!item_id) {
    if (in.quantity && *in.quantity > 0)
      return Error::invalid("agent_item_id", "give the stock item the quantity is drawn from");
    return std::optional<int64_t>();
  }
  LL_TRY(auto item, supplies::item_of_utility(tx, place.utility_id, *item_id, "agent_item_id"));
  if (in.quantity) {
    if (*in.quantity < 0) return Error::invalid("quantity", "must not be negative");
    if (*in.quantity > 0) {
      LL_TRY(milli, supplies::to_milli(*in.quantity, in.unit.value_or(item.base_unit), item.base_unit, item.units));
    }
  } else if (place.agent_item_id == item_id) {
    milli = place.dose_milli;
  }
  if (!milli) return std::optional<int64_t>();
  std::optional<supplies::Warehouse> w;
  if (place.warehouse_id) {
    LL_TRY(w, supplies::find_warehouse(tx, *place.warehouse_id));
  } else {
    LL_TRY(w, supplies::nearest_warehouse(tx, place.org_path));
  }
  if (!w) return Error::invalid("agent_item_id", "the unit has no warehouse to draw the agent from");
  supplies::Posting p;
  p.kind = "issue";
  p.quantity_milli = *milli;
  p.entered_quantity = in.quantity ? *in.quantity : supplies::from_milli(*milli);
  p.entered_unit = in.unit.value_or(item.base_unit);
  p.to_org_id = place.org_id;
  p.to_name = actor.display_name;
  p.purpose = "公共区域消毒：" + place.name;
  p.reference = "消毒记录";
  p.occurred_at = done_at;
  p.day = day;
  LL_TRY(auto posted, supplies::post(tx, actor, *w, item, p, now, shortfall));
  LL_TRY(auto m, supplies::find_movement(tx, posted.movement_id));
  nlohmann::json after = supplies::to_json(*m);
  after.erase("lines");
  LL_CHECK(audit::record(tx, actor, now,
                         {"supplies.movement.issue", "supply_movement", std::to_string(m->id), m->org_id, m->org_path,
                          nullptr, after}));
  return std::optional<int64_t>(posted.movement_id);
}

}  // namespace

Result<supplies::Recorded> Records::record(const Actor& actor, const NewRecord& in,
                                           const std::optional<supplies::Retry>& retry,
                                           std::optional<supplies::Shortfall>* shortfall) {
  if (!actor.can(Permission::disinfection_record)) return Error::forbidden();
  if (!in.place_id && !in.qr_token) return Error::invalid("place_id", "scan the place's code or pick the place");
  const Instant now = rt_.clock.now();
  if (in.done_at && *in.done_at > now + std::chrono::minutes(5))
    return Error::invalid("done_at", "must not be in the future");
  if (in.done_at && *in.done_at < now - std::chrono::hours(24 * kLateEntryDays))
    return Error::invalid("done_at", "rounds are entered within " + std::to_string(kLateEntryDays) + " days");
  std::optional<Record> written;
  auto r = write(actor, in, retry, shortfall, written);
  if (!r && retry && r.error().code == ErrorCode::conflict && !(shortfall && *shortfall)) {
    const std::string principal = "user:" + std::to_string(actor.user_id);
    auto earlier = rt_.db.transact(TxMode::read, [&](Tx& tx) {
      return idem_.find(tx, principal, retry->key, retry->fingerprint);
    });
    if (earlier && *earlier)
      return supplies::Recorded{(*earlier)->status, (*earlier)->body, (*earlier)->same_request,
                                !(*earlier)->same_request, {}};
  }
  if (r && written)
    rt_.events.publish({"disinfection.record", written->org_id, written->org_path,
                        {{"id", written->id}, {"place_id", written->place_id}, {"day", written->day}}});
  return r;
}

Result<supplies::Recorded> Records::write(const Actor& actor, const NewRecord& in,
                                          const std::optional<supplies::Retry>& retry,
                                          std::optional<supplies::Shortfall>* shortfall,
                                          std::optional<Record>& written) {
  const Instant now = rt_.clock.now();
  const Instant done_at = in.done_at.value_or(now);
  const std::string day = supplies::local_time(rt_).date(done_at);
  const std::string principal = "user:" + std::to_string(actor.user_id);
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<supplies::Recorded> {
    if (shortfall) shortfall->reset();
    written.reset();
    if (retry) {
      LL_TRY(auto earlier, idem_.find(tx, principal, retry->key, retry->fingerprint));
      if (earlier)
        return supplies::Recorded{earlier->status, earlier->body, earlier->same_request, !earlier->same_request, {}};
    }
    LL_TRY(auto place, resolve_place(tx, actor, in));
    if (!place.active) return Error::invalid(in.place_id ? "place_id" : "qr_token", "the place is no longer in use");
    std::optional<int64_t> item_id, milli;
    LL_TRY(auto movement_id, draw_agent(tx, actor, place, in, item_id, milli, done_at, day, now, shortfall));
    LL_TRY(int64_t minimum, policy_minimum(tx, place.org_path));
    LL_CHECK(plan_day(tx, place, day, rounds_in_force(place, static_cast<int>(minimum))));
    LL_CHECK(tx.execute("UPDATE disinfection_days SET done = done + 1 WHERE place_id = ? AND day = ?", {place.id, day}));
    LL_TRY(int64_t id,
           tx.insert("INSERT INTO disinfection_records (place_id, org_id, org_path, day, done_at, person_user_id,"
                     " person_name, agent, agent_item_id, quantity_milli, entered_quantity, entered_unit, movement_id,"
                     " via, note, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                     {place.id, place.org_id, place.org_path, day, to_millis(done_at),
                      actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                      in.agent.value_or(place.agent), item_id, milli, in.quantity, in.unit, movement_id,
                      in.qr_token ? "qr" : "pick", in.note.value_or(""), to_millis(now)}));
    LL_CHECK(photos::attach(tx, "disinfection_record", id, place.org_path, actor, now, in.photos));
    LL_TRY(auto row, tx.query_one(std::string(kSelect) + "WHERE r.id = ?", {id}));
    if (!row) return Error::internal("record vanished");
    Record rec = from_row(*row);
    LL_TRY(rec.photos, photos::list(tx, "disinfection_record", id));
    nlohmann::json body = to_json(rec);
    LL_CHECK(audit::record(tx, actor, now,
                           {"disinfection.record", "disinfection_record", std::to_string(id), place.org_id,
                            place.org_path, nullptr, body}));
    supplies::Recorded out{201, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false, false, {}};
    if (retry) LL_CHECK(idem_.remember(tx, principal, retry->key, retry->fingerprint, out.status, out.body, now));
    written = std::move(rec);
    return out;
  });
}

Result<supplies::Recorded> Records::backfill(const Actor& actor, const NewRecord& in) {
  if (!actor.can(Permission::disinfection_record)) return Error::forbidden();
  if (in.done_at && *in.done_at > rt_.clock.now()) return Error::invalid("done_at", "must not be in the future");
  std::optional<Record> written;
  return write(actor, in, std::nullopt, nullptr, written);
}

Result<std::vector<Record>> Records::list(const Actor& actor, const RecordFilter& f) {
  if (!may_read(actor)) return Error::forbidden();
  const std::string today = supplies::local_time(rt_).date(rt_.clock.now());
  std::string from = add_days(today, -13), to = today;
  if (f.from) {
    LL_TRY(from, parse_date(*f.from, "from"));
  }
  if (f.to) {
    LL_TRY(to, parse_date(*f.to, "to"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Record>> {
    LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {f.org.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(0))) return supplies::not_found_field("org", "no such org unit in your scope");
    std::string where = "WHERE r.day >= ? AND r.day <= ? AND r.org_path LIKE ? ESCAPE '\\'";
    store::Params params{from, to, store::like_prefix(unit->text(0))};
    if (f.place_id) {
      where += " AND r.place_id = ?";
      params.emplace_back(*f.place_id);
    }
    LL_TRY(auto rows, tx.query(std::string(kSelect) + where + " ORDER BY r.done_at DESC, r.id DESC LIMIT 1000", params));
    std::vector<Record> out;
    for (const auto& r : rows) out.push_back(from_row(r));
    return out;
  });
}

nlohmann::json to_json(const Record& r) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", r.id},
          {"place_id", r.place_id},
          {"place_name", r.place_name},
          {"place_kind", r.place_kind},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"day", r.day},
          {"done_at", format_instant(r.done_at)},
          {"person_name", r.person_name},
          {"agent", r.agent},
          {"agent_item_id", opt(r.agent_item_id)},
          {"quantity", r.quantity_milli ? nlohmann::json(supplies::from_milli(*r.quantity_milli)) : nlohmann::json()},
          {"unit", r.unit},
          {"movement_id", opt(r.movement_id)},
          {"via", r.via},
          {"note", r.note},
          {"photos", r.photos}};
}

}  // namespace lifeline::app::disinfection
