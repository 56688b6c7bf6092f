export * from './kafka';
export * from './outbox-relay';
export * from './errors';
export * from './messaging.module';
export * from './consumer/urp-kafka.server';
export * from './consumer/event-context';
export * from './consumer/rethrow-rpc.filter';
export * from './raw-client';
