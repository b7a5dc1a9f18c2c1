// Service levels of a call by category: how soon it must be answered
// (responded: handled, transferred or linked to an incident) and closed.
// Defaults from hotline practice during the emergency: a burst or a tap
// without water is answered within 15 minutes and closed within 24 hours;
// low pressure and water quality within 30 minutes / 48 hours; billing,
// epidemic-policy questions and the rest within 30 minutes / 72 hours.
//
// A clock is met when done by its due time, breached when done late or
// overdue, in warning during the last fifth of its window, else pending.
// The call's state is the worse of its two clocks (met only when both are).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace lifeline::app::hotline {

struct SlaTargets {
  std::chrono::minutes respond, close;
};

// nullopt for an unknown category.
std::optional<SlaTargets> sla_targets(std::string_view category);

struct Sla {
  Instant respond_due, close_due;
  std::string state;  // pending, warning, breached, met
};

Sla sla_of(std::string_view category, Instant received_at, std::optional<Instant> responded_at,
           std::optional<Instant> closed_at, Instant now);

}  // namespace lifeline::app::hotline
