// Masking of personal identifiers wherever lists and readers without the
// need see them: the seed's staff lists carried phone numbers; lists show
// 138****5678 and 430102********1234, the full number only where needed.
// The rule holds for free text too: a phone or ID number typed into a note
// ("管网抢修一队 张伟 13807310005") is masked wherever the record's
// structured phone is, and always in the audit log's before/after.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lifeline::app {

// 13812345678 → 138****5678; shorter numbers keep their last four.
std::string mask_phone(std::string_view phone);
// 430102198001011234 → 430102********1234 (region and last four).
std::string mask_id_number(std::string_view id);
// Every phone or ID number inside the text masked as above: mobile numbers
// (also written 138 0731 0005 or 138-0731-0005), landlines with or without
// their area code, ID numbers (15 or 18 characters). Dates written as
// 20200124 and shorter numbers (DN600, 3 km) stay as they are.
std::string mask_numbers_in_text(std::string_view text);
// The same for an optional text field of a JSON answer (null stays null).
nlohmann::json mask_numbers_in_value(const nlohmann::json& text);
// Every string in the document, walked without recursion (audit before/after).
void mask_numbers_in_json(nlohmann::json& document);

}  // namespace lifeline::app
