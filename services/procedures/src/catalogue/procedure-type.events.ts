import { ProcedureTypeChangedV1, type CloudEvent } from '@urp/contracts';
import { emit, stripNulls, type UseCaseContext } from '@urp/kernel';
import type { ProcedureType } from './procedure-type.rules';

/** A type was created or changed; `previousLegalTermDays` only when its term changed. */
export const procedureTypeChanged = (
  ctx: UseCaseContext,
  type: ProcedureType,
  previousLegalTermDays: number | undefined,
): CloudEvent =>
  emit(
    ctx,
    ProcedureTypeChangedV1,
    type.id,
    stripNulls({
      procedureTypeId: type.id,
      code: type.code,
      name: type.name,
      kind: type.kind,
      legalTermDays: type.legalTermDays,
      ...(previousLegalTermDays !== undefined ? { previousLegalTermDays } : {}),
      silenceRule: type.silenceRule,
      officeId: type.officeId,
      formId: type.formId,
      formVersion: type.formVersion,
      changedAt: ctx.now.toISOString(),
      legalBasis: type.legalBasis,
      silentAssentExcluded: type.silentAssentExcluded,
      active: type.active,
      revision: type.revision,
    }),
  );
