#include "hydraulics/model.h"

namespace lifeline::hydraulics {

Result<Model> build_model(const net::Network&) { return Error::internal("hydraulics: not built yet"); }

}  // namespace lifeline::hydraulics
