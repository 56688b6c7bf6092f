import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, Roles, type Identity } from '@urp/auth';
import { computeDueDate, romeCivilDate } from '@urp/legal-clock';
import { invalidInput, notFound } from '@urp/platform';
import { GraphQLError } from 'graphql';
import { ZodError } from 'zod';
import { DeskRepository, UNASSIGNED_DESK } from '../repositories';
import { deskView } from './desk';
import { RuleViolation, type Procedure } from './procedure.rules';
import { ProcedureService, type SubmitCommand } from './procedure.service';
import { startNotice } from './start-notice';

/** Field-level errors for clients: rule violations and input errors as BAD_USER_INPUT with `fields`. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ZodError) throw invalidInput(e);
    if (e instanceof RuleViolation) {
      throw new GraphQLError(`invalid input: ${e.message}`, {
        extensions: { code: 'BAD_USER_INPUT', fields: e.fields },
      });
    }
    throw e;
  }
}

export const toGraphQL = (p: Procedure, service: ProcedureService) => {
  const today = romeCivilDate(new Date());
  const effects = computeDueDate(
    { receivedOn: p.receivedOn, termDays: p.legalTermDays, suspensions: p.suspensions, asOf: today },
    service.calendar,
  ).suspensions;
  return {
    ...p,
    formData: p.formData ? JSON.stringify(p.formData) : null,
    overdue: p.status !== 'decided' && p.dueDate !== null && today > p.dueDate,
    suspensions: p.suspensions.map((s) => {
      const e = effects.find((x) => x.id === s.id);
      return {
        ...s,
        end: e?.end ?? s.end ?? null,
        endedByLaw: e?.endedByLaw ?? false,
        addedDays: e?.addedDays ?? 0,
      };
    }),
    publicReference: `${p.id}.${p.publicToken}`,
  };
};

const STAFF = ['operator', 'backoffice', 'referent', 'manager'] as const;

@Resolver('Procedure')
export class ProcedureResolver {
  constructor(
    private readonly service: ProcedureService,
    private readonly desks: DeskRepository,
  ) {}

  private out = (p: Procedure) => toGraphQL(p, this.service);

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    const p = await this.service.get(ref.id);
    return p && this.out(p);
  }

  @ResolveField('type')
  type(@Parent() p: Procedure) {
    return this.service.getType(p.typeCode);
  }

  @Query('procedure')
  @Roles(...STAFF, 'analyst')
  async procedure(@Args('id') id: string) {
    const p = await this.service.get(id);
    return p && this.out(p);
  }

  @Query('procedures')
  @Roles(...STAFF, 'analyst')
  async procedures(@Args('typeCode') typeCode?: string, @Args('first') first?: number) {
    return (await this.service.latest(first ?? 50, typeCode)).map(this.out);
  }

  @Query('procedureDesk')
  @Roles(...STAFF)
  async desk(
    @Args('responsibleId') responsibleId: string | undefined,
    @Args('first') first: number | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    const id = responsibleId ?? who.sub;
    const items = await this.desks.get(id === 'unassigned' ? UNASSIGNED_DESK : id);
    return { responsibleId: id, ...deskView(items, romeCivilDate(new Date()), first ?? 50) };
  }

  @Query('procedureStatus')
  @Public()
  procedureStatus(@Args('reference') reference: string) {
    return this.service.publicStatus(reference);
  }

  @Query('procedureStartNotice')
  @Roles(...STAFF)
  async startNotice(@Args('id') id: string) {
    const p = await this.service.get(id);
    if (!p) throw notFound(`procedure ${id}`);
    const c = this.service.config;
    const r = startNotice(p, {
      administrationName: c.ADMINISTRATION_NAME,
      digitalAddress: c.ADMINISTRATION_PEC,
      actsViewing: c.ACTS_VIEWING,
      inactionRemedies: c.INACTION_REMEDIES,
    });
    if (!r.ok) {
      throw new GraphQLError(
        `the start notice lacks what art. 8 L. 241/1990 requires: ${r.missing.join('; ')}`,
        {
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: { id: `missing: ${r.missing.join('; ')}` },
            missing: r.missing,
          },
        },
      );
    }
    return r.notice;
  }

  @Query('legalHolidays')
  legalHolidays(@Args('year') year: number) {
    return guarded(async () => {
      try {
        return this.service.calendar.holidays(year);
      } catch (e) {
        throw new RuleViolation({ year: (e as Error).message });
      }
    });
  }

  @Mutation('submitProcedure')
  @Roles(...STAFF)
  submit(@Args('input') input: SubmitCommand & { formData?: string }, @CurrentIdentity() who: Identity) {
    return guarded(async () => {
      let formData: Record<string, unknown> | undefined;
      if (input.formData !== undefined && input.formData !== null) {
        try {
          formData = JSON.parse(input.formData) as Record<string, unknown>;
        } catch {
          throw new RuleViolation({ formData: 'not JSON' });
        }
        if (!formData || typeof formData !== 'object' || Array.isArray(formData)) {
          throw new RuleViolation({ formData: 'expected a JSON object' });
        }
      }
      if (
        input.receivedAt !== undefined &&
        input.receivedAt !== null &&
        Number.isNaN(Date.parse(input.receivedAt))
      ) {
        throw new RuleViolation({ receivedAt: 'not a timestamp' });
      }
      if (input.requesterId && !/^req_[A-Za-z0-9_-]{6,64}$/.test(input.requesterId)) {
        throw new RuleViolation({ requesterId: 'a pseudonymous requester id (req_…)' });
      }
      const clean = Object.fromEntries(
        Object.entries({ ...input, formData }).filter(([, v]) => v !== null && v !== undefined),
      );
      return this.out(await this.service.submitFromDesk(clean as unknown as SubmitCommand, who.sub));
    });
  }

  @Mutation('assignProcedure')
  @Roles('backoffice', 'referent', 'manager')
  assign(
    @Args('id') id: string,
    @Args('responsibleId') rid: string,
    @Args('responsibleName') name: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () => this.out(await this.service.assign(id, rid, name ?? undefined, who.sub)));
  }

  @Mutation('suspendProcedure')
  @Roles('backoffice', 'referent', 'manager')
  suspend(
    @Args('id') id: string,
    @Args('input') input: { kind: string; reason: string; start?: string },
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () =>
      this.out(await this.service.suspend(id, { ...input, start: input.start ?? undefined }, who.sub)),
    );
  }

  @Mutation('resumeProcedure')
  @Roles('backoffice', 'referent', 'manager')
  resume(
    @Args('id') id: string,
    @Args('suspensionId') sid: string,
    @Args('on') on: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () => this.out(await this.service.resume(id, sid, on ?? undefined, who.sub)));
  }

  @Mutation('sendRejectionNotice')
  @Roles('backoffice', 'referent', 'manager')
  rejectionNotice(
    @Args('id') id: string,
    @Args('reasons') reasons: string,
    @Args('on') on: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () =>
      this.out(await this.service.sendRejectionNotice(id, reasons, on ?? undefined, who.sub)),
    );
  }

  @Mutation('receiveObservations')
  @Roles('operator', 'backoffice', 'referent', 'manager')
  observations(@Args('id') id: string, @Args('on') on: string | undefined, @CurrentIdentity() who: Identity) {
    return guarded(async () =>
      this.out(await this.service.receiveObservations(id, on ?? undefined, who.sub)),
    );
  }

  @Mutation('decideProcedure')
  @Roles('backoffice', 'referent', 'manager')
  decide(
    @Args('id') id: string,
    @Args('input')
    input: {
      outcome: Procedure['decision'] extends infer D ? (D extends { outcome: infer O } ? O : never) : never;
      reasons: string;
      on?: string;
    },
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () =>
      this.out(await this.service.decide(id, { ...input, on: input.on ?? undefined }, who.sub)),
    );
  }

  @Mutation('requestSilentAssentAttestation')
  @Roles('operator', 'backoffice', 'referent', 'manager')
  requestAttestation(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return guarded(async () => this.out(await this.service.requestAttestation(id, who.sub)));
  }

  @Mutation('issueSilentAssentAttestation')
  @Roles('backoffice', 'referent', 'manager')
  issueAttestation(@Args('id') id: string, @CurrentIdentity() who: Identity) {
    return guarded(async () => this.out(await this.service.issueAttestation(id, who.sub)));
  }

  @Mutation('requestAccessReview')
  @Roles('operator', 'backoffice', 'referent', 'manager')
  review(
    @Args('id') id: string,
    @Args('protocolNumber') protocolNumber: string,
    @Args('receivedAt') receivedAt: string | undefined,
    @CurrentIdentity() who: Identity,
  ) {
    return guarded(async () =>
      this.out(await this.service.requestReview(id, protocolNumber, receivedAt ?? undefined, who.sub)),
    );
  }
}
