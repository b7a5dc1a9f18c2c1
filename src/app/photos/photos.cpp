#include "app/photos/photos.h"

namespace lifeline::app::photos {

std::vector<NewPhoto> read(JsonInput&, const std::string&) { return {}; }

Status attach(store::Tx&, const std::string&, int64_t, const std::string&, const Actor&, Instant,
              const std::vector<NewPhoto>&) {
  return {};
}

Result<nlohmann::json> list(store::Tx&, const std::string&, int64_t) { return nlohmann::json::array(); }

void add_routes(http::Router&, const api::Gate&, Runtime&) {}

}  // namespace lifeline::app::photos
