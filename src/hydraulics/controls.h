// Simple controls ([CONTROLS]) and the link actions controls and rules share,
// with EPANET's semantics (hydraul.c: controls, setlinkstatus,
// setlinksetting, resetpumpflow; hydsolver.c: pswitch).
#pragma once

#include "hydraulics/model.h"
#include "hydraulics/state.h"

namespace lifeline::hydraulics {

// Opens (open = true) or closes a link as a control or rule does: a pump's
// speed becomes 1 or 0, a valve loses its setting (fixed open/closed).
// Returns true if status or setting changed. Locked links never change.
bool set_link_status(const Model& model, State& state, int link, bool open);

// Sets a pump's speed (0 closes it, > 0 opens it) or a valve's setting
// (internal units; an FCV becomes active, a fixed valve opens). Returns true
// if status or setting changed.
bool set_link_setting(const Model& model, State& state, int link, double value);

// Tank volume at a water surface elevation (ft³) and the elevation at a
// volume, through the tank's volume curve if it has one.
double tank_volume(const Model& model, int tank, double head);
double tank_grade(const Model& model, int tank, double volume);

// Applies the simple controls due at state.time (timer, time of day, tank
// level); returns the number of links whose status or setting changed.
int apply_controls(const Model& model, State& state);

}  // namespace lifeline::hydraulics
