// Sampling points (采样点): raw water intakes, plant process stages and plant
// outlets (tied to a plant), network points, network ends and secondary
// supply (tied to a network node or an address), and priority customers'
// taps (tied to the register's customer and its node). Reading needs
// quality.read, changing quality.manage. Neighbours come from the network
// model: the nearest other points along the pipes.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/network/service.h"
#include "app/quality/model.h"
#include "app/runtime.h"

namespace lifeline::app::quality {

struct PointFields {
  std::optional<int64_t> org_id, plant_id, network_id, customer_id, population;
  std::optional<std::string> code, name, type, node, address;
  std::optional<double> x, y;
  std::optional<bool> active;
};

struct PointFilter {
  std::optional<int64_t> org, customer_id;
  std::optional<std::string> type, q;
  bool include_inactive = false;
};

class Points {
 public:
  Points(Runtime& rt, network::Service& networks) : rt_(rt), networks_(networks) {}

  Result<std::vector<Point>> list(const Actor& actor, const PointFilter& f);
  Result<Point> get(const Actor& actor, int64_t id);
  Result<Point> create(const Actor& actor, const PointFields& f);
  Result<Point> update(const Actor& actor, int64_t id, const PointFields& f, std::optional<int64_t> version);
  // Up to `k` other active points of the utility nearest to the point along the
  // network's pipes (breadth-first over the model, at most `max_hops` links).
  Result<std::vector<Point>> neighbours(const Actor& actor, const Point& p, size_t k = 3, size_t max_hops = 400);

 private:
  Runtime& rt_;
  network::Service& networks_;
};

namespace point_repo {
Result<std::vector<Point>> select(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Point>> find(store::Tx& tx, int64_t id);
}  // namespace point_repo

// The point when the actor may read its utility; else not found.
Result<Point> visible_point(store::Tx& tx, const Actor& actor, int64_t id);

nlohmann::json to_json(const Point& p);

}  // namespace lifeline::app::quality
