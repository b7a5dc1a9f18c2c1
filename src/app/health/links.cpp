#include "app/health/links.h"

namespace lifeline::app::health {

Result<Staff> resolve_link(store::Tx&, std::string_view) {
  return Error::unauthenticated("check-in links are not available yet");
}

}  // namespace lifeline::app::health
