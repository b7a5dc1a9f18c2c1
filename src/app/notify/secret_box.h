// Robot signing secrets at rest: sealed with XSalsa20-Poly1305 (libsodium's
// crypto_secretbox) under the server's `notify_key`, a random nonce per
// seal. A database dump alone does not reveal a robot's secret; the key lives
// only in the configuration (LIFELINE_NOTIFY_KEY). Thread-safe (immutable).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lifeline::app::notify {

class SecretBox {
 public:
  // `hex_key`: 64 hex digits; empty gives a box without a key, which seals
  // nothing (saving a secret is refused, naming the field "secret").
  static Result<SecretBox> from_hex(std::string_view hex_key);
  SecretBox() = default;
  ~SecretBox();
  SecretBox(const SecretBox& other) = default;
  SecretBox& operator=(const SecretBox& other) = default;

  bool has_key() const { return has_key_; }
  // base64(nonce || MAC || ciphertext).
  Result<std::string> seal(std::string_view plain) const;
  // The secret again; an error when the key is absent or differs, or the text was altered.
  Result<std::string> open(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
  bool has_key_ = false;
};

}  // namespace lifeline::app::notify
