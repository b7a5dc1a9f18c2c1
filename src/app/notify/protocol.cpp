#include "app/notify/protocol.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include "core/json_input.h"

namespace lifeline::app::notify {

using nlohmann::json;

std::string hmac_sha256(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state state;
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, out);
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms) {
  return base64(hmac_sha256(secret, std::to_string(timestamp_ms) + "\n" + std::string(secret)));
}

std::string feishu_sign(std::string_view secret, int64_t timestamp_s) {
  // Feishu keys the HMAC with the string to sign and hashes nothing.
  return base64(hmac_sha256(std::to_string(timestamp_s) + "\n" + std::string(secret), ""));
}

std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  const std::string mac = hmac_sha256(secret, std::string(timestamp) + "." + std::string(body));
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  hex.pop_back();
  return hex;
}

std::string cut_utf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::string_view ellipsis = "…";
  size_t end = max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

std::string titled(const std::vector<std::string>& keywords, const Message& m) {
  std::string title = m.priority == Priority::high ? "【紧急】" + m.title : m.title;
  for (const auto& k : keywords)
    if (title.find(k) != std::string::npos || m.text.find(k) != std::string::npos) return title;
  if (keywords.empty()) return title;
  return "【" + keywords.front() + "】" + title;
}

namespace {

// "@13800001111 @13900002222": DingTalk highlights a mention only when the phone is also written in the text.
std::string at_line(const std::vector<std::string>& phones) {
  std::string out;
  for (const auto& p : phones) out += (out.empty() ? "@" : " @") + p;
  return out;
}

std::string plain_text(const std::string& title, const Message& m, bool with_url) {
  std::string out = title;
  if (!m.text.empty()) out += "\n" + m.text;
  if (with_url && !m.url.empty()) out += "\n详情：" + m.url;
  return out;
}

// Markdown wants two spaces before a newline to keep the line break.
std::string markdown_lines(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "  \n";
    else out += c;
  }
  return out;
}

json dingtalk_body(const std::string& title, const Message& m) {
  json at = {{"atMobiles", m.mentions}, {"isAtAll", false}};
  if (!m.url.empty() && m.mentions.empty()) {
    return {{"msgtype", "actionCard"},
            {"actionCard",
             {{"title", title},
              {"text", "#### " + title + "\n\n" + markdown_lines(cut_utf8(m.text, 4000))},
              {"btnOrientation", "0"},
              {"singleTitle", "查看详情"},
              {"singleURL", m.url}}}};
  }
  if (!m.url.empty()) {
    std::string text = "#### " + title + "\n\n" + markdown_lines(cut_utf8(m.text, 4000)) + "\n\n[查看详情](" + m.url +
                       ")\n\n" + at_line(m.mentions);
    return {{"msgtype", "markdown"}, {"markdown", {{"title", title}, {"text", text}}}, {"at", at}};
  }
  std::string content = cut_utf8(plain_text(title, m, false), 4000);
  if (!m.mentions.empty()) content += "\n" + at_line(m.mentions);
  return {{"msgtype", "text"}, {"text", {{"content", content}}}, {"at", at}};
}

json wecom_body(const std::string& title, const Message& m) {
  if (!m.mentions.empty()) {
    // Only text messages take mentioned_mobile_list; content is at most 2048 bytes.
    return {{"msgtype", "text"},
            {"text", {{"content", cut_utf8(plain_text(title, m, true), 2048)}, {"mentioned_mobile_list", m.mentions}}}};
  }
  if (!m.url.empty()) {
    return {{"msgtype", "news"},
            {"news",
             {{"articles", json::array({{{"title", cut_utf8(title, 128)},
                                          {"description", cut_utf8(m.text, 512)},
                                          {"url", m.url}}})}}}};
  }
  std::string head = m.priority == Priority::high ? "<font color=\"warning\">**" + title + "**</font>" : "**" + title + "**";
  return {{"msgtype", "markdown"}, {"markdown", {{"content", cut_utf8(head + "\n" + m.text, 4096)}}}};
}

std::string phones_line(const std::vector<std::string>& phones) {
  std::string out = "请以下人员处理：";
  for (size_t i = 0; i < phones.size(); ++i) out += (i ? "、" : "") + phones[i];
  return out;
}

json feishu_body(const std::string& title, const Message& m) {
  // Feishu's custom bots mention by user id, not phone: the phones are written out.
  std::string text = cut_utf8(m.text, 4000);
  if (!m.mentions.empty()) text += (text.empty() ? "" : "\n") + phones_line(m.mentions);
  if (!m.url.empty()) {
    return {{"msg_type", "interactive"},
            {"card",
             {{"config", {{"wide_screen_mode", true}}},
              {"header", {{"title", {{"tag", "plain_text"}, {"content", title}}},
                          {"template", m.priority == Priority::high ? "red" : "blue"}}},
              {"elements", json::array({{{"tag", "div"}, {"text", {{"tag", "lark_md"}, {"content", text}}}},
                                        {{"tag", "action"},
                                         {"actions", json::array({{{"tag", "button"},
                                                                   {"text", {{"tag", "plain_text"}, {"content", "查看详情"}}},
                                                                   {"type", "primary"},
                                                                   {"url", m.url}}})}}})}}}};
  }
  json lines = json::array();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(json::array({{{"tag", "text"}, {"text", text.substr(start, end - start)}}}));
    start = end + 1;
  }
  return {{"msg_type", "post"}, {"content", {{"post", {{"zh_cn", {{"title", title}, {"content", lines}}}}}}}};
}

json webhook_body(const std::string& title, const Message& m, Instant now) {
  return {{"event", m.event}, {"priority", to_string(m.priority)}, {"title", title}, {"text", m.text},
          {"url", m.url},     {"mentions", m.mentions},             {"sent_at", to_millis(now)}};
}

}  // namespace

Outgoing build_request(const Target& robot, const Message& m, Instant now) {
  Outgoing out;
  out.url = robot.url;
  out.headers.push_back("Content-Type: application/json; charset=utf-8");
  const std::string title = titled(robot.keywords, m);
  const int64_t ms = to_millis(now);
  switch (robot.kind) {
    case Kind::dingtalk:
      out.body = dingtalk_body(title, m).dump();
      if (!robot.secret.empty())
        out.url += std::string(out.url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" +
                   std::to_string(ms) + "&sign=" + url_encode(dingtalk_sign(robot.secret, ms));
      break;
    case Kind::wecom:
      out.body = wecom_body(title, m).dump();
      break;
    case Kind::feishu: {
      json body = feishu_body(title, m);
      if (!robot.secret.empty()) {
        const int64_t seconds = ms / 1000;
        body["timestamp"] = std::to_string(seconds);
        body["sign"] = feishu_sign(robot.secret, seconds);
      }
      out.body = body.dump();
      break;
    }
    case Kind::webhook:
      out.body = webhook_body(title, m, now).dump();
      if (!robot.secret.empty()) {
        const std::string ts = std::to_string(ms / 1000);
        out.headers.push_back("X-Lifeline-Timestamp: " + ts);
        out.headers.push_back("X-Lifeline-Signature: sha256=" + webhook_signature(robot.secret, ts, out.body));
      }
      break;
  }
  return out;
}

namespace {

using Verdict = SendOutcome::Verdict;

SendOutcome outcome(Verdict v, int status, std::optional<int64_t> code, std::string reason, std::string message) {
  return SendOutcome{v, status, code, std::move(reason), std::move(message)};
}

bool has(std::string_view text, std::string_view word) {
  std::string lower(text);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(word) != std::string::npos;
}

// DingTalk puts every security refusal under 310000 and tells them apart in errmsg.
std::string dingtalk_security_reason(std::string_view message) {
  if (has(message, "keyword") || has(message, "关键词")) return "keyword_refused";
  if (has(message, "whitelist") || has(message, "ip ") || has(message, "白名单")) return "address_refused";
  return "signature_refused";  // "sign not match", "invalid timestamp", 签名不匹配
}

SendOutcome read_code(Kind kind, int status, int64_t code, const std::string& message) {
  if (code == 0) return outcome(Verdict::sent, status, code, "", message);
  if (code == -1) return outcome(Verdict::retry, status, code, "service_error", message);  // 系统繁忙
  switch (kind) {
    case Kind::dingtalk:
      if (code == 310000) return outcome(Verdict::refused, status, code, dingtalk_security_reason(message), message);
      if (code == 130101) return outcome(Verdict::rate_limited, status, code, "rate_limited", message);
      break;
    case Kind::wecom:
      if (code == 45009) return outcome(Verdict::rate_limited, status, code, "rate_limited", message);
      break;
    case Kind::feishu:
      if (code == 19021) return outcome(Verdict::refused, status, code, "signature_refused", message);
      if (code == 19024) return outcome(Verdict::refused, status, code, "keyword_refused", message);
      if (code == 19022) return outcome(Verdict::refused, status, code, "address_refused", message);
      if (code == 11232) return outcome(Verdict::rate_limited, status, code, "rate_limited", message);
      break;
    case Kind::webhook:
      break;
  }
  return outcome(Verdict::refused, status, code, "robot_refused", message);
}

}  // namespace

SendOutcome read_answer(Kind kind, int status, std::string_view body) {
  const std::string text = cut_utf8(body, 500);
  if (status == 429) return outcome(Verdict::rate_limited, status, std::nullopt, "rate_limited", text);
  if (status >= 500) return outcome(Verdict::retry, status, std::nullopt, "service_error", "HTTP " + std::to_string(status));
  if (kind == Kind::webhook) {
    if (status >= 200 && status < 300) return outcome(Verdict::sent, status, std::nullopt, "", text);
    return outcome(Verdict::refused, status, std::nullopt, "robot_refused", "HTTP " + std::to_string(status) + " " + text);
  }
  // A remote answer: read with the edge's bounded parser (core/json_input.h).
  auto parsed = parse_json(body, "answer", "");
  const json j = parsed ? std::move(*parsed) : json();
  if (j.is_object()) {
    const char* code_key = kind == Kind::feishu ? (j.contains("code") ? "code" : "StatusCode") : "errcode";
    const char* message_key = kind == Kind::feishu ? (j.contains("msg") ? "msg" : "StatusMessage") : "errmsg";
    auto code = j.find(code_key);
    if (code != j.end() && code->is_number_integer()) {
      auto msg = j.find(message_key);
      std::string message = msg != j.end() && msg->is_string() ? cut_utf8(msg->get<std::string>(), 500) : "";
      return read_code(kind, status, code->get<int64_t>(), message);
    }
  }
  // No errcode in the body: not the service's answer (a proxy's page, a gateway error).
  if (status >= 200 && status < 300) return outcome(Verdict::retry, status, std::nullopt, "service_error", "the answer names no errcode: " + text);
  return outcome(Verdict::refused, status, std::nullopt, "robot_refused", "HTTP " + std::to_string(status) + " " + text);
}

}  // namespace lifeline::app::notify
