import type { Actor } from '@urp/kernel';

/** The service itself, when it acts on its own (reactions to events, periodic sweeps, alerts). */
export const SERVICE_ACTOR: Actor = { sub: 'satisfaction', roles: ['service'] };
