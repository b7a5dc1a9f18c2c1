#include "hydraulics/simulation.h"

namespace lifeline::hydraulics {

struct Simulation::Impl {
  Model model;
  State state;
};
Simulation::Simulation(const Model& model, const Scenario&, LinearSolverKind) : impl_(std::make_unique<Impl>()) {
  impl_->model = model;
}
Simulation::~Simulation() = default;
Result<StepReport> Simulation::run_step() { return Error::internal("hydraulics: not built yet"); }
Result<long long> Simulation::next_step() { return Error::internal("hydraulics: not built yet"); }
const State& Simulation::state() const { return impl_->state; }
State& Simulation::state() { return impl_->state; }
const Model& Simulation::model() const { return impl_->model; }

Result<Results> simulate(const Model&, const Scenario&, RecordOptions, LinearSolverKind) {
  return Error::internal("hydraulics: not built yet");
}

}  // namespace lifeline::hydraulics
