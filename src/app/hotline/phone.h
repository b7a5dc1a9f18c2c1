// Callers' numbers as Chinese customers give them: mobiles (138 1234 5678,
// +86 138…), landlines with area code (0731-84861234, 010-12345678) or a
// local landline without it (84861234). Stored as digits only, shown masked,
// and hashed to count repeat callers without reading numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lifeline::app::hotline {

// Digits of a valid number (country code and separators dropped), or nullopt.
std::optional<std::string> normalise_phone(std::string_view input);

// Hex SHA-256 of a normalised number under a fixed context, so the hash of a
// number here never equals its plain SHA-256 elsewhere.
std::string caller_hash(std::string_view normalised);

}  // namespace lifeline::app::hotline
