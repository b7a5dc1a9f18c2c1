// EPANET time values: "H:MM[:SS]", a number of hours, or a number with a
// unit (SEC, MIN, HOURS, DAYS) or with AM/PM for clock times.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lifeline::net {

// Seconds, or nullopt when the tokens are not a time.
std::optional<long long> parse_inp_time(std::span<const std::string_view> tokens);
std::string format_inp_time(long long seconds);  // "H:MM:SS"

}  // namespace lifeline::net
