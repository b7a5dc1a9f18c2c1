#include "app/notify/deliveries.h"

#include "app/notify/repo.h"
#include "app/org/repo.h"

namespace lifeline::app::notify {

using store::Tx;
using store::TxMode;

namespace {

Result<std::string> scope_path(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  if (!org) return actor.org_path;
  LL_TRY(auto o, org::repo::find(tx, *org));
  if (!o || !actor.sees(o->path)) return Error::not_found("no such unit");
  return o->path;
}

}  // namespace

Result<DeliveryPage> Deliveries::list(const Actor& actor, const DeliveryFilter& f) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  std::optional<Instant> from, to;
  if (f.from) {
    LL_TRY(auto day, parse_date(*f.from, "from"));
    from = tz_.start_of(day);
  }
  if (f.to) {
    LL_TRY(auto day, parse_date(*f.to, "to"));
    to = tz_.start_of(add_days(day, 1));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<DeliveryPage> {
    LL_TRY(std::string path, scope_path(tx, actor, f.org));
    if (f.robot) {
      LL_TRY(auto robot, tx.query_one("SELECT org_path FROM notify_robots WHERE id = ?", {*f.robot}));
      if (!robot || !actor.sees(robot->text(0))) return Error::not_found("no such robot");
    }
    return repo::list_deliveries(tx, path, f, from, to);
  });
}

Result<DeliveryDetail> Deliveries::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<DeliveryDetail> {
    LL_TRY(auto d, repo::find_delivery(tx, id));
    LL_TRY(auto path, tx.query_one("SELECT d.org_path, e.body FROM notify_deliveries d"
                                   " JOIN notify_events e ON e.id = d.event_id WHERE d.id = ?",
                                   {id}));
    if (!d || !path || !actor.sees(path->text(0))) return Error::not_found("no such delivery");
    LL_TRY(auto attempts, repo::attempts_of_delivery(tx, id));
    return DeliveryDetail{std::move(*d), path->text(1), std::move(attempts)};
  });
}

Result<DeliveryCounts> Deliveries::counts(Tx& tx, const std::string& path, const summary::Period& period) {
  return repo::count_deliveries(tx, path, tz_.start_of(period.from), tz_.start_of(add_days(period.to, 1)));
}

Result<DeliveryCounts> Deliveries::counts(const Actor& actor, std::optional<int64_t> org,
                                          const summary::Period& period) {
  if (!actor.can(Permission::notify_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<DeliveryCounts> {
    LL_TRY(std::string path, scope_path(tx, actor, org));
    return counts(tx, path, period);
  });
}

}  // namespace lifeline::app::notify
