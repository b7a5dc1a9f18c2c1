#include "app/api/stream_limits.h"

#include "app/accounts/secrets.h"
#include "app/api/gate.h"

namespace lifeline::app::api {

namespace {
constexpr int kRetryAfterSeconds = 30;
}

StreamLimits::StreamLimits(int per_credential, int per_user, int total)
    : per_credential_(per_credential), per_user_(per_user), total_(total) {}

Result<std::shared_ptr<void>> StreamLimits::admit(const std::string& credential, int64_t user_id) {
  {
    std::lock_guard lock(counts_->mutex);
    auto& c = *counts_;
    if (c.by_credential[credential] >= per_credential_)
      return Error::too_many_requests("this session already has " + std::to_string(per_credential_) +
                                          " live feeds open; close one first",
                                      kRetryAfterSeconds);
    if (c.by_user[user_id] >= per_user_)
      return Error::too_many_requests("this account already has " + std::to_string(per_user_) + " live feeds open",
                                      kRetryAfterSeconds);
    if (c.total >= total_)
      return Error::too_many_requests("the server has as many live feeds open as it may", kRetryAfterSeconds);
    ++c.by_credential[credential];
    ++c.by_user[user_id];
    ++c.total;
  }
  auto release = [counts = counts_, credential, user_id](void*) {
    std::lock_guard lock(counts->mutex);
    if (--counts->by_credential[credential] == 0) counts->by_credential.erase(credential);
    if (--counts->by_user[user_id] == 0) counts->by_user.erase(user_id);
    --counts->total;
  };
  return std::shared_ptr<void>(nullptr, release);
}

int StreamLimits::open() const {
  std::lock_guard lock(counts_->mutex);
  return counts_->total;
}

std::string credential_key(const http::Request& request) {
  std::string authorization = request.header("authorization");
  if (authorization.starts_with("Bearer ")) return "t:" + token_hash(authorization.substr(7));
  return "s:" + token_hash(request.cookie(kSessionCookie).value_or(""));
}

}  // namespace lifeline::app::api
