// Reminders to a DingTalk or WeCom group robot: both take
// {"msgtype":"text","text":{"content":"..."}} POSTed as JSON to the robot's URL.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::app::health {

struct WebhookResult {
  bool sent = false;    // 2xx, and no non-zero errcode in the robot's answer
  int status = 0;       // HTTP status; 0 when no answer came
  std::string error;    // why it was not sent
};

// POSTs `body` (JSON) to `url`; never throws; runs outside any transaction.
WebhookResult post_webhook(const std::string& url, const std::string& body,
                           std::chrono::seconds timeout = std::chrono::seconds(5));

struct MissingName {
  std::string name, org_name;
};
// The robot message naming who has not checked in (names and units only — the group chat is no place for phone numbers).
nlohmann::json reminder_message(const std::string& unit, const std::string& date, const std::string& deadline,
                                const std::vector<MissingName>& people);

}  // namespace lifeline::app::health
