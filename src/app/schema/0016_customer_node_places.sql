-- Where each node of a priority customer lay when it was registered (network
-- coordinates), so that a new network version without that node re-maps the
-- customer to the nearest node instead of losing it; and that re-mapping,
-- which the customer's status reports until the register is edited.
ALTER TABLE priority_customer_nodes ADD COLUMN x {{real}};
ALTER TABLE priority_customer_nodes ADD COLUMN y {{real}};
ALTER TABLE priority_customer_nodes ADD COLUMN remapped_from TEXT;
ALTER TABLE priority_customer_nodes ADD COLUMN remapped_m {{real}};
ALTER TABLE priority_customer_nodes ADD COLUMN remapped_version BIGINT;
