// Passwords (Argon2id via libsodium) and random bearer secrets (session and
// API tokens), which are stored only as their BLAKE2b hash.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace lifeline::app {

enum class PasswordCost { interactive, min };

// Must be called once before any other function here (initialises libsodium).
Status init_secrets();

Result<std::string> hash_password(std::string_view password, PasswordCost cost);
bool verify_password(std::string_view hash, std::string_view password);
// Rejects passwords a utility's staff should not use; names the field.
Status check_password_policy(std::string_view password, std::string_view field = "password");

// 32 random bytes as URL-safe base64 (43 chars), prefixed (e.g. "llt_").
std::string random_token(std::string_view prefix = "");
// Hex BLAKE2b-256 of a token: what the database keeps.
std::string token_hash(std::string_view token);
// Constant-time comparison for tokens the client echoes (CSRF).
bool same_secret(std::string_view a, std::string_view b);

}  // namespace lifeline::app
