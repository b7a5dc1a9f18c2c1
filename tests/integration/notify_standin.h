// Stand-ins for the DingTalk, WeCom and Feishu group-robot services and a
// plain webhook, on a loopback port, for the notify tests and the notify
// benchmark. Each checks what its service checks, as its documentation
// describes it — the robot's token in the URL, the signature (computed here
// independently of app/notify/protocol.cpp), the timestamp window, the
// required keywords, the message shape — and answers as the service does:
//
//   DingTalk  ?access_token=…&timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(secret, ts+"\n"+secret)>
//             {"errcode":0,"errmsg":"ok"}; 310000 sign not match / keywords not in content;
//             300001 token is not exist; 130101 send too fast.
//   WeCom     ?key=…  {"errcode":0,"errmsg":"ok"}; 93000 invalid webhook url; 45009 api freq out of limit;
//             40008 invalid message type.
//   Feishu    /open-apis/bot/v2/hook/<token>, body timestamp (s) and sign = base64(HMAC-SHA256(key=ts+"\n"+secret, ""))
//             {"code":0,"msg":"success","data":{}}; 19021 sign match fail; 19024 Key Words Not Found;
//             11232 frequency limited.
//   webhook   X-Lifeline-Signature: sha256=hex(HMAC-SHA256(secret, ts + "." + body)); 401 when wrong.
#pragma once

#include <sodium.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/router.h"
#include "http/server.h"

namespace lifeline::test {

class RobotStandIn {
 public:
  struct Service {
    std::string secret;                 // "" = no signing
    std::vector<std::string> keywords;  // at least one must be in the message
    int too_fast = 0;                   // answer the next n requests with the rate-limit code
    int server_errors = 0;              // answer the next n requests with HTTP 502
  };
  struct Received {
    std::string service;
    nlohmann::json body;
    std::string text;  // the message's words, as the service reads them for keywords
    std::chrono::system_clock::time_point at;
  };

  inline static const std::string kDingTalkToken = "dt-token-1";
  inline static const std::string kWeComKey = "wc-key-1";
  inline static const std::string kFeishuHook = "fs-hook-1";

  // `now_ms`: the clock the services compare timestamps with (the test's ManualClock).
  explicit RobotStandIn(std::function<int64_t()> now_ms) : now_ms_(std::move(now_ms)) {
    http::Router r;
    r.add("POST", "/robot/send", [this](http::Request& q) { return dingtalk(q); });
    r.add("POST", "/cgi-bin/webhook/send", [this](http::Request& q) { return wecom(q); });
    r.add("POST", "/open-apis/bot/v2/hook/{token}", [this](http::Request& q) { return feishu(q); });
    r.add("POST", "/hook", [this](http::Request& q) { return webhook(q); });
    http::ServerOptions options;
    options.port = 0;
    options.worker_threads = 2;
    server_ = std::make_unique<http::Server>(options, std::move(r));
  }
  ~RobotStandIn() { server_->stop(); }

  Status start() { return server_->start(); }
  void stop() { server_->stop(); }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::string dingtalk_url() const { return base() + "/robot/send?access_token=" + kDingTalkToken; }
  std::string wecom_url() const { return base() + "/cgi-bin/webhook/send?key=" + kWeComKey; }
  std::string feishu_url() const { return base() + "/open-apis/bot/v2/hook/" + kFeishuHook; }
  std::string webhook_url() const { return base() + "/hook"; }

  void configure(const std::string& service, Service s) {
    std::lock_guard lock(mu_);
    services_[service] = std::move(s);
  }
  std::vector<Received> received(const std::string& service = "") const {
    std::lock_guard lock(mu_);
    std::vector<Received> out;
    for (const auto& r : received_)
      if (service.empty() || r.service == service) out.push_back(r);
    return out;
  }
  size_t requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

  static std::string hmac_base64(const std::string& key, const std::string& message) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha256_final(&st, mac);
    char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    return b64;
  }

 private:
  static http::Response answer(int status, const nlohmann::json& body) { return http::Response::json(status, body); }

  // Under the lock: counts the request and applies the configured failures. nullopt: go on checking.
  std::optional<http::Response> throttle(const std::string& service, const nlohmann::json& too_fast) {
    ++requests_;
    auto& s = services_[service];
    if (s.server_errors > 0) {
      --s.server_errors;
      return http::Response::text(502, "Bad Gateway");
    }
    if (s.too_fast > 0) {
      --s.too_fast;
      return answer(200, too_fast);
    }
    return std::nullopt;
  }

  static bool has_keyword(const Service& s, const std::string& text) {
    if (s.keywords.empty()) return true;
    for (const auto& k : s.keywords)
      if (text.find(k) != std::string::npos) return true;
    return false;
  }

  void record(const std::string& service, const nlohmann::json& body, const std::string& text) {
    received_.push_back({service, body, text, std::chrono::system_clock::now()});
  }

  static std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
  }

  http::Response dingtalk(http::Request& q) {
    std::lock_guard lock(mu_);
    if (auto t = throttle("dingtalk", {{"errcode", 130101}, {"errmsg", "send too fast, exceed 20 times per minute"}}))
      return *t;
    const Service s = services_["dingtalk"];
    if (q.query_param("access_token").value_or("") != kDingTalkToken)
      return answer(200, {{"errcode", 300001}, {"errmsg", "token is not exist"}});
    if (!s.secret.empty()) {
      const std::string ts = q.query_param("timestamp").value_or("");
      const std::string sign = q.query_param("sign").value_or("");
      int64_t t = 0;
      try {
        t = std::stoll(ts);
      } catch (...) {
      }
      if (std::llabs(now_ms_() - t) > 3600 * 1000)
        return answer(200, {{"errcode", 310000}, {"errmsg", "invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}});
      if (sign != hmac_base64(s.secret, ts + "\n" + s.secret))
        return answer(200, {{"errcode", 310000}, {"errmsg", "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}});
    }
    auto body = nlohmann::json::parse(q.body, nullptr, false);
    if (!body.is_object()) return answer(200, {{"errcode", 40035}, {"errmsg", "缺少参数 json"}});
    const std::string type = str(body, "msgtype");
    std::string text;
    if (type == "text" && body.contains("text")) text = str(body["text"], "content");
    else if (type == "markdown" && body.contains("markdown")) text = str(body["markdown"], "title") + str(body["markdown"], "text");
    else if (type == "actionCard" && body.contains("actionCard"))
      text = str(body["actionCard"], "title") + str(body["actionCard"], "text");
    else return answer(200, {{"errcode", 40035}, {"errmsg", "缺少参数 msgtype"}});
    if (text.empty()) return answer(200, {{"errcode", 40035}, {"errmsg", "缺少参数 content"}});
    if (!has_keyword(s, text))
      return answer(200, {{"errcode", 310000}, {"errmsg", "keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}});
    record("dingtalk", body, text);
    return answer(200, {{"errcode", 0}, {"errmsg", "ok"}});
  }

  http::Response wecom(http::Request& q) {
    std::lock_guard lock(mu_);
    if (auto t = throttle("wecom", {{"errcode", 45009}, {"errmsg", "api freq out of limit, hint: [1580000000_1]"}}))
      return *t;
    if (q.query_param("key").value_or("") != kWeComKey)
      return answer(200, {{"errcode", 93000}, {"errmsg", "invalid webhook url, hint: [1580000000_2]"}});
    auto body = nlohmann::json::parse(q.body, nullptr, false);
    const std::string type = body.is_object() ? str(body, "msgtype") : "";
    std::string text;
    if (type == "text" && body.contains("text")) {
      text = str(body["text"], "content");
      if (text.size() > 2048) return answer(200, {{"errcode", 40058}, {"errmsg", "text.content exceed max length 2048"}});
      auto m = body["text"].find("mentioned_mobile_list");
      if (m != body["text"].end() && !m->is_array()) return answer(200, {{"errcode", 40058}, {"errmsg", "invalid mentioned_mobile_list"}});
    } else if (type == "markdown" && body.contains("markdown")) {
      text = str(body["markdown"], "content");
      if (text.size() > 4096) return answer(200, {{"errcode", 40058}, {"errmsg", "markdown.content exceed max length 4096"}});
    } else if (type == "news" && body.contains("news") && body["news"].contains("articles") &&
               body["news"]["articles"].is_array() && !body["news"]["articles"].empty() &&
               body["news"]["articles"].size() <= 8) {
      for (const auto& a : body["news"]["articles"]) {
        if (str(a, "title").empty() || str(a, "url").empty())
          return answer(200, {{"errcode", 40058}, {"errmsg", "news.articles title and url required"}});
        text += str(a, "title") + str(a, "description");
      }
    } else {
      return answer(200, {{"errcode", 40008}, {"errmsg", "invalid message type"}});
    }
    if (text.empty()) return answer(200, {{"errcode", 44004}, {"errmsg", "empty content"}});
    record("wecom", body, text);
    return answer(200, {{"errcode", 0}, {"errmsg", "ok"}});
  }

  static void collect_card_text(const nlohmann::json& j, std::string& out) {
    if (j.is_object()) {
      for (const char* key : {"content", "text", "title"}) {
        auto it = j.find(key);
        if (it != j.end() && it->is_string()) out += it->get<std::string>();
      }
      for (const auto& [key, value] : j.items())
        if (value.is_structured()) collect_card_text(value, out);
    } else if (j.is_array()) {
      for (const auto& v : j) collect_card_text(v, out);
    }
  }

  http::Response feishu(http::Request& q) {
    std::lock_guard lock(mu_);
    if (auto t = throttle("feishu", {{"code", 11232}, {"msg", "frequency limited psm[lark.oapi.app_platform_runtime]"}, {"data", nlohmann::json::object()}}))
      return *t;
    const Service s = services_["feishu"];
    if (q.params["token"] != kFeishuHook)
      return answer(404, {{"code", 19001}, {"msg", "param invalid: incoming webhook access token invalid"}, {"data", nlohmann::json::object()}});
    auto body = nlohmann::json::parse(q.body, nullptr, false);
    if (!body.is_object()) return answer(400, {{"code", 9499}, {"msg", "Bad Request"}, {"data", nlohmann::json::object()}});
    if (!s.secret.empty()) {
      const std::string ts = str(body, "timestamp");
      int64_t t = 0;
      try {
        t = std::stoll(ts);
      } catch (...) {
      }
      if (std::llabs(now_ms_() / 1000 - t) > 3600 || str(body, "sign") != hmac_base64(ts + "\n" + s.secret, ""))
        return answer(200, {{"code", 19021}, {"msg", "sign match fail or timestamp is not within one hour from current time"}, {"data", nlohmann::json::object()}});
    }
    const std::string type = str(body, "msg_type");
    std::string text;
    if (type == "text" && body.contains("content")) text = str(body["content"], "text");
    else if (type == "post" && body.contains("content")) collect_card_text(body["content"], text);
    else if (type == "interactive" && body.contains("card")) collect_card_text(body["card"], text);
    else return answer(400, {{"code", 9499}, {"msg", "Bad Request"}, {"data", nlohmann::json::object()}});
    if (!has_keyword(s, text))
      return answer(200, {{"code", 19024}, {"msg", "Key Words Not Found"}, {"data", nlohmann::json::object()}});
    record("feishu", body, text);
    return answer(200, {{"code", 0}, {"msg", "success"}, {"data", nlohmann::json::object()}});
  }

  http::Response webhook(http::Request& q) {
    std::lock_guard lock(mu_);
    if (auto t = throttle("webhook", nlohmann::json::object())) return *t;
    const Service s = services_["webhook"];
    if (!s.secret.empty()) {
      const std::string ts = q.header("x-lifeline-timestamp");
      unsigned char mac[crypto_auth_hmacsha256_BYTES];
      crypto_auth_hmacsha256_state st;
      const std::string message = ts + "." + q.body;
      crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(s.secret.data()), s.secret.size());
      crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
      crypto_auth_hmacsha256_final(&st, mac);
      char hex[sizeof mac * 2 + 1];
      sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
      if (q.header("x-lifeline-signature") != std::string("sha256=") + hex)
        return answer(401, {{"error", "bad signature"}});
    }
    auto body = nlohmann::json::parse(q.body, nullptr, false);
    record("webhook", body, body.is_object() ? str(body, "title") + str(body, "text") : "");
    return answer(200, nlohmann::json::object());
  }

  std::function<int64_t()> now_ms_;
  std::unique_ptr<http::Server> server_;
  mutable std::mutex mu_;
  std::map<std::string, Service> services_;
  std::vector<Received> received_;
  size_t requests_ = 0;
};

}  // namespace lifeline::test
