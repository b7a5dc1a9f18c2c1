// What each kind of robot takes and answers, as its service documents it
// (docs/notify.md has the references). Pure functions: no network, no clock
// of their own, so the unit tests check every byte.
//
//   DingTalk custom robot: POST url&timestamp=<ms>&sign=<urlencode(base64(
//     HMAC-SHA256(key=secret, timestamp + "\n" + secret)))>; msgtype text,
//     markdown or actionCard; at.atMobiles with "@phone" written in the text;
//     answers {"errcode":0,"errmsg":"ok"}; 310000 = a security setting refused
//     it (sign, keywords, IP), 130101 = more than 20 messages a minute.
//   WeCom group robot: msgtype text (mentioned_mobile_list), markdown or news;
//     answers errcode 0; 45009 = too fast; 93000 = no such robot.
//   Feishu custom bot: timestamp (seconds) and sign = base64(HMAC-SHA256(
//     key=timestamp + "\n" + secret, empty message)) in the body; msg_type post
//     or interactive; answers {"code":0}; 19021 sign, 19024 keywords, 19022 IP,
//     11232 too fast.
//   webhook: our own JSON; with a secret, X-Lifeline-Timestamp and
//     X-Lifeline-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/notify/model.h"

namespace lifeline::app::notify {

// What to say, whatever the kind.
struct Message {
  std::string event;
  Priority priority = Priority::normal;
  std::string title;
  std::string text;
  std::string url;                    // the page, absolute; "" when no public base URL is configured
  std::vector<std::string> mentions;  // phones to @-mention (the rule allows it)
};

// The robot as the sender needs it: the secret in clear, only in memory.
struct Target {
  Kind kind = Kind::dingtalk;
  std::string url;
  std::string secret;  // "" when the robot has none
  std::vector<std::string> keywords;
};

struct Outgoing {
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
};

// The request to send now (`now` signs it).
Outgoing build_request(const Target& robot, const Message& message, Instant now);
// How the service answered: success only when the body says so.
SendOutcome read_answer(Kind kind, int http_status, std::string_view body);

// The pieces, for the tests and the stand-ins.
std::string hmac_sha256(std::string_view key, std::string_view message);  // raw 32 bytes
std::string base64(std::string_view bytes);
std::string url_encode(std::string_view text);  // every byte but A-Z a-z 0-9 - . _ ~
std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms);  // base64, before URL-encoding
std::string feishu_sign(std::string_view secret, int64_t timestamp_s);
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);  // hex
// The title, with the robot's first keyword in front when the message holds none of them.
std::string titled(const std::vector<std::string>& keywords, const Message& message);
// Cuts UTF-8 text to at most `max_bytes` without splitting a character ("…" marks the cut).
std::string cut_utf8(std::string_view text, size_t max_bytes);

}  // namespace lifeline::app::notify
