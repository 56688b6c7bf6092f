import { SuspensionKindDefinedV1, type CloudEvent } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { SuspensionKind } from './suspension-kind.rules';

/** An administrator added a suspension kind with its limit (label and source scrubbed as free text). */
export const suspensionKindDefined = (ctx: UseCaseContext, k: SuspensionKind): CloudEvent =>
  emit(ctx, SuspensionKindDefinedV1, k.id, {
    suspensionKindId: k.id,
    code: k.code,
    label: k.label,
    legalBasis: k.legalBasis,
    maxDays: k.maxDays,
    onceOnly: k.onceOnly,
    definedAt: k.definedAt,
  });
