import { RequesterAnonymisedV1, type CloudEvent } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Requester } from './requester.rules';

/** The only event of a requester: no personal data, the pseudonymous id and the facts. */
export const requesterAnonymised = (
  ctx: UseCaseContext,
  r: Requester,
  reason: 'retention' | 'request',
): CloudEvent =>
  emit(ctx, RequesterAnonymisedV1, r.id, {
    requesterId: r.id,
    anonymisedAt: ctx.now.toISOString(),
    reason,
  });
