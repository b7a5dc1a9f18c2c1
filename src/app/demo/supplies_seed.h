// Demo prevention supplies and disinfection, on the demo timeline:
// 长沙水业集团's warehouses with masks, alcohol, protective suits and
// thermometers, purchases and issues since day 1, one item (the suits) under
// its reorder point, requests in every state; 邵阳市自来水公司's sodium
// hypochlorite given to city units — about 140 t by day 15 (the seed's
// 7 February); 湘潭中环水务's delivery to 湘乡市人民医院; the disinfection
// places of the group's headquarters and two plants with two weeks of rounds,
// one place overdue.
#pragma once

#include "app/platform.h"

namespace lifeline::app::demo {

// Idempotent: does nothing when 长沙's group warehouse already exists.
Status seed_supplies(Platform& platform);

}  // namespace lifeline::app::demo
