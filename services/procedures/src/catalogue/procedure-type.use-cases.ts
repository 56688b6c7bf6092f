import { Inject, Injectable } from '@nestjs/common';
import { execute, parseInput, ServiceKernel, type Actor, type AggregateStore } from '@urp/kernel';
import { proceduresPolicy } from '../procedures.policy';
import {
  procedureTypeId,
  ProcedureTypeInput,
  saveProcedureType,
  type ProcedureType,
} from './procedure-type.rules';
import { ProcedureTypeStore } from './procedure-type.store';

/**
 * Whether `actor` may change the stored type `t` into `next`: the type's office is theirs (a manager's scope), and
 * moving it to another office or changing its substitute official is an administrator's (`procedureType.reassign`).
 * Procedures already open keep the office and substitute copied at their submission. Pure.
 */
export function authorizeTypeChange(
  actor: Actor,
  t: Pick<ProcedureType, 'officeId' | 'substituteId'>,
  next: Pick<ProcedureType, 'officeId' | 'substituteId'>,
): void {
  proceduresPolicy.authorize('procedureType.save', actor, t);
  if (t.officeId !== next.officeId || t.substituteId !== next.substituteId)
    proceduresPolicy.authorize('procedureType.reassign', actor);
}

/** The catalogue of procedure types: read it, create or change a type (ProcedureTypeChanged). */
@Injectable()
export class ProcedureTypeUseCases {
  constructor(
    @Inject(ProcedureTypeStore)
    private readonly store: AggregateStore<ProcedureType> & Pick<ProcedureTypeStore, 'all'>,
    private readonly kernel: ServiceKernel,
  ) {}

  async list(actor: Actor, activeOnly = false): Promise<ProcedureType[]> {
    proceduresPolicy.authorize('procedureType.read', actor);
    const all = await this.store.all();
    return proceduresPolicy.visible(
      'procedureType.read',
      actor,
      activeOnly ? all.filter((t) => t.active) : all,
    );
  }

  async get(actor: Actor, code: string): Promise<ProcedureType | null> {
    proceduresPolicy.authorize('procedureType.read', actor);
    const type = await this.store.get(procedureTypeId(code));
    if (type) proceduresPolicy.authorize('procedureType.read', actor, type);
    return type;
  }

  /**
   * Creates or changes a type. `expectedRevision` is the revision the manager edited: if the type changed
   * since, CONFLICT (a stale form never overwrites a newer type).
   */
  async save(actor: Actor, input: unknown, expectedRevision?: number): Promise<ProcedureType> {
    // the role first: a refused caller learns nothing from validation (FORBIDDEN, never BAD_USER_INPUT)
    proceduresPolicy.authorize('procedureType.save', actor);
    const command = parseInput(ProcedureTypeInput, input);
    // the office the type will have must be the manager's too (a type without office: an administrator's)
    proceduresPolicy.authorize('procedureType.save', actor, { officeId: command.officeId });
    return execute(
      this.store,
      procedureTypeId(command.code),
      saveProcedureType,
      command,
      this.kernel.context(actor),
      {
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
        authorize: (t) => t && authorizeTypeChange(actor, t, command),
      },
    );
  }
}
