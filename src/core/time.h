// ISO 8601 instants as the API and the audit log show them ("2026-02-03T08:00:00Z").
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace lifeline {

std::string format_instant(Instant t);  // UTC, millisecond precision when non-zero
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; `field` names the input in errors.
Result<Instant> parse_instant(std::string_view text, std::string_view field);

}  // namespace lifeline
