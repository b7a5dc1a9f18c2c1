#include "app/assurance/served.h"

#include <algorithm>
#include <map>

namespace lifeline::app::assurance {

Result<std::vector<ServedCustomer>> served_at(store::Tx& tx, int64_t network_id, const std::vector<std::string>& nodes) {
  std::map<int64_t, ServedCustomer> found;
  // A plan may cut off thousands of nodes: ask 500 at a time.
  for (std::size_t at = 0; at < nodes.size(); at += 500) {
    std::string in;
    store::Params params{network_id};
    for (std::size_t i = at; i < nodes.size() && i < at + 500; ++i) {
      in += in.empty() ? "?" : ",?";
      params.emplace_back(nodes[i]);
    }
    LL_TRY(auto rows, tx.query("SELECT c.id, c.name, c.category, c.tier, n.node FROM priority_customer_nodes n"
                               " JOIN priority_customers c ON c.id = n.customer_id"
                               " WHERE n.network_id = ? AND c.active = 1 AND c.network_id = n.network_id"
                               " AND n.node IN (" + in + ")",
                               params));
    for (const auto& r : rows)
      found.try_emplace(r.integer(0), ServedCustomer{r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4)});
  }
  std::vector<ServedCustomer> out;
  for (auto& [id, c] : found) out.push_back(std::move(c));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.tier != b.tier ? a.tier < b.tier : a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  return out;
}

}  // namespace lifeline::app::assurance
