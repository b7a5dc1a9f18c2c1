#include "http/body_budget.h"

namespace lifeline::http {

bool BodyBudget::take(size_t bytes) {
  size_t used = used_.load();
  do {
    if (bytes > capacity_ || used > capacity_ - bytes) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  return true;
}

std::shared_ptr<BodyBudget::Lease> BodyBudget::acquire(size_t bytes) {
  if (!take(bytes)) return nullptr;
  return std::make_shared<Lease>(*this, bytes);
}

bool BodyBudget::Lease::grow_to(size_t bytes) {
  if (bytes <= bytes_) return true;
  if (!budget_.take(bytes - bytes_)) return false;
  bytes_ = bytes;
  return true;
}

}  // namespace lifeline::http
