// Content-Type values parsed as RFC 9110 §8.3.1 says, so a type is compared
// as a type and never found as a substring ("application/jsonp;
// x=application/json" is application/jsonp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::http {

struct MediaType {
  std::string type;     // lower case: "application"
  std::string subtype;  // lower case: "json"
  std::map<std::string, std::string> parameters;  // names lower case; values unquoted

  // application/json, with no charset or charset=utf-8 (RFC 8259: JSON is UTF-8).
  bool is_json() const;
};

// type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] );
// nullopt for anything else (a list of two types, a missing subtype, a
// repeated parameter).
std::optional<MediaType> parse_media_type(std::string_view text);

}  // namespace lifeline::http
