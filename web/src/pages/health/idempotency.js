// The check-in's keys are the product's (api/idempotency.js).
export * from '../../api/idempotency'
