#include "hydraulics/controls.h"

namespace lifeline::hydraulics {

bool set_link_status(const Model&, State&, int, bool) { return false; }
bool set_link_setting(const Model&, State&, int, double) { return false; }
int apply_controls(const Model&, State&) { return 0; }

}  // namespace lifeline::hydraulics
