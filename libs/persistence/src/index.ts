export * from './outbox';
export * from './idempotency';
export * from './persistence.module';
export * from './backend';
