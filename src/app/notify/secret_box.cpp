#include "app/notify/secret_box.h"

#include <sodium.h>

#include <vector>

namespace lifeline::app::notify {

Result<SecretBox> SecretBox::from_hex(std::string_view hex_key) {
  SecretBox box;
  if (hex_key.empty()) return box;
  if (sodium_init() < 0) return Error::internal("libsodium could not be initialised");
  size_t length = 0;
  if (hex_key.size() != 64 || sodium_hex2bin(box.key_.data(), box.key_.size(), hex_key.data(), hex_key.size(),
                                             nullptr, &length, nullptr) != 0 ||
      length != box.key_.size())
    return Error::invalid("notify_key", "must be 64 hex digits (32 bytes)");
  box.has_key_ = true;
  return box;
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

Result<std::string> SecretBox::seal(std::string_view plain) const {
  if (!has_key_)
    return Error::invalid("secret", "this server has no notify_key: set LIFELINE_NOTIFY_KEY to store robot secrets");
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
  randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), out.data(), key_.data());
  std::string b64(sodium_base64_ENCODED_LEN(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), out.data(), out.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.size() - 1);  // the terminating NUL
  sodium_memzero(out.data(), out.size());
  return b64;
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
  if (!has_key_) return Error::unavailable("the robot's secret cannot be read: this server has no notify_key");
  std::vector<unsigned char> raw(sealed.size());
  size_t length = 0;
  if (sodium_base642bin(raw.data(), raw.size(), sealed.data(), sealed.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Error::internal("a robot's sealed secret is damaged");
  std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), raw.data() + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, raw.data(), key_.data()) != 0)
    return Error::unavailable("the robot's secret was sealed with another notify_key: save the secret again");
  return plain;
}

}  // namespace lifeline::app::notify
