#include "app/health/reminders.h"

#include "core/json_input.h"

#include <curl/curl.h>

#include <mutex>

namespace lifeline::app::health {

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  auto* s = static_cast<std::string*>(out);
  if (s->size() < 64 * 1024) s->append(data, size * n);
  return size * n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

WebhookResult post_webhook(const std::string& url, const std::string& body, std::chrono::seconds timeout) {
  WebhookResult out;
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    out.error = "the webhook must be an http:// or https:// URL";
    return out;
  }
  global_init();
  CURL* curl = curl_easy_init();
  if (!curl) {
    out.error = "could not start an HTTP client";
    return out;
  }
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    out.sent = status >= 200 && status < 300;
    if (!out.sent) out.error = "the webhook answered HTTP " + std::to_string(status);
    // DingTalk and WeCom answer 200 with {"errcode": 0, "errmsg": "ok"}.
    auto parsed = parse_json(answer, "answer", "");
    const nlohmann::json j = parsed ? *parsed : nlohmann::json();
    if (out.sent && j.is_object() && j.contains("errcode") && j["errcode"].is_number_integer() &&
        j["errcode"].get<int64_t>() != 0) {
      out.sent = false;
      out.error = "the robot refused the message: " + j.value("errmsg", std::string("errcode ") +
                                                                             std::to_string(j["errcode"].get<int64_t>()));
    }
  } else {
    out.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return out;
}

nlohmann::json reminder_message(const std::string& unit, const std::string& date, const std::string& deadline,
                                const std::vector<MissingName>& people) {
  constexpr size_t kMaxNames = 300;
  std::string text = "【健康打卡提醒】" + unit + " " + date + "：尚有 " + std::to_string(people.size()) +
                     " 人未完成健康打卡（截止 " + deadline + "），请尽快打卡。";
  if (!people.empty()) text += "\n";
  for (size_t i = 0; i < people.size() && i < kMaxNames; ++i) {
    if (i) text += "、";
    text += people[i].name + "（" + people[i].org_name + "）";
  }
  if (people.size() > kMaxNames) text += " 等";
  return {{"msgtype", "text"}, {"text", {{"content", text}}}};
}

}  // namespace lifeline::app::health
