import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, type Identity } from '@urp/auth';
import { DomainError } from '@urp/kernel';
import { substituteTermDays } from '@urp/legal-clock';
import { mayActOn, mayReadObservations, proceduresPolicy, type ProcedureAction } from '../procedures.policy';
import type {
  MutationAssignProcedureArgs,
  MutationDecideProcedureArgs,
  MutationIssueSilentAssentAttestationArgs,
  MutationReceiveObservationsArgs,
  MutationRequestAccessReviewArgs,
  MutationRequestSilentAssentAttestationArgs,
  MutationResumeProcedureArgs,
  MutationSendRejectionNoticeArgs,
  MutationSubmitProcedureArgs,
  MutationSuspendProcedureArgs,
  LegalHoliday,
  ProcedureAct,
  ProcedureDesk,
  ProcedurePublicStatus,
  ProcedureStartNotice,
  QueryLegalHolidaysArgs,
  QueryProcedureArgs,
  QueryProcedureDeskArgs,
  QueryProcedureDeskListArgs,
  ProcedureDeskPage,
  QueryProceduresArgs,
  QueryProcedureStartNoticeArgs,
  QueryProcedureStatusArgs,
} from '../__generated__/graphql';
import { ProcedureTypeUseCases } from '../catalogue/procedure-type.use-cases';
import type { ProcedureType } from '../catalogue/procedure-type.rules';
import type { Procedure, RejectionNotice } from './procedure.state';
import { ProcedureUseCases } from './procedure.use-cases';
import { procedureView, type ProcedureView } from './procedure.view';

type NoticeForReader = Omit<RejectionNotice, 'observations'> & { observations?: string | null };

/** A rejection notice as `who` may read it: the observations' text only to whoever may decide the procedure. */
const forReader = (rn: RejectionNotice, who: Identity, p: ProcedureView): NoticeForReader =>
  rn.observations === undefined || mayReadObservations(who, p) ? rn : { ...rn, observations: null };

/** The GraphQL boundary of procedures (procedures.graphql): typed by the generated resolver types. */
/** The acts `Procedure.permittedActs` names, each with the policy's action. */
const ACTS: Record<ProcedureAct, ProcedureAction> = {
  ASSIGN: 'procedure.assign',
  SUSPEND: 'procedure.suspend',
  RESUME: 'procedure.resume',
  SEND_REJECTION_NOTICE: 'procedure.sendRejectionNotice',
  RECEIVE_OBSERVATIONS: 'procedure.receiveObservations',
  DECIDE: 'procedure.decide',
};

@Resolver('Procedure')
export class ProcedureResolver {
  constructor(
    private readonly procedures: ProcedureUseCases,
    private readonly types: ProcedureTypeUseCases,
  ) {}

  private view(p: Procedure): ProcedureView {
    const c = this.procedures.contexts;
    return procedureView(p, c.today(), c.calendar);
  }
  private maybe(p: Procedure | null): ProcedureView | null {
    return p && this.view(p);
  }

  @ResolveReference()
  async resolveReference(
    ref: { id: string },
    @CurrentIdentity() who: Identity,
  ): Promise<ProcedureView | null> {
    return this.maybe(await this.procedures.reference(who, ref.id));
  }

  @ResolveField('type')
  type(@Parent() p: ProcedureView, @CurrentIdentity() who: Identity): Promise<ProcedureType | null> {
    return this.types.get(who, p.typeCode);
  }

  /**
   * The latest rejection notice: the applicant's observations on it (personal data, their own words) only to whoever
   * may decide the procedure (its office, the engaged substitute, an administrator); other readers see that they came.
   */
  @ResolveField('rejectionNotice')
  rejectionNoticeOf(@Parent() p: ProcedureView, @CurrentIdentity() who: Identity): NoticeForReader | null {
    return p.rejectionNotice ? forReader(p.rejectionNotice, who, p) : null;
  }

  /**
   * The notices before the latest, oldest first, with their observations by the same rule: the officer who decides
   * sees every observation the decision must answer (art. 10-bis), not only those on the last notice.
   */
  @ResolveField('earlierRejectionNotices')
  earlierRejectionNoticesOf(@Parent() p: ProcedureView, @CurrentIdentity() who: Identity): NoticeForReader[] {
    return (p.earlierRejectionNotices ?? []).map((rn) => forReader(rn, who, p));
  }

  /** The substitute official's term (art. 2 c.9-ter): half the original, from the engagement. */
  @ResolveField('substitute')
  substituteOf(@Parent() p: ProcedureView) {
    const s = p.substitute;
    return s
      ? {
          engagedOn: s.engagedOn,
          termDays: substituteTermDays(p.legalTermDays),
          dueDate: s.dueDate,
          ordinaryDueDate: s.ordinaryDueDate,
        }
      : null;
  }

  /**
   * The acts the caller may perform, by the same rule the use cases apply (`mayActOn`: role, office, the engaged
   * substitute official): the console offers only these, and keeps no copy of the policy.
   */
  @ResolveField('permittedActs')
  permittedActsOf(@Parent() p: ProcedureView, @CurrentIdentity() who: Identity): ProcedureAct[] {
    // every act of the list is on an open procedure: a decided one (by an officer or by silent assent) takes none
    if (p.status === 'decided') return [];
    return (Object.keys(ACTS) as ProcedureAct[]).filter((a) => mayActOn(ACTS[a], who, p));
  }

  /**
   * The application form's data (the applicant's name, fiscal code, address…): personal data, to the same readers as
   * the observations (`mayReadObservations`: whoever may decide the procedure); analysts and other offices read that
   * a form was submitted (`formId`, `formCheck`), not what it says.
   */
  @ResolveField('formData')
  formDataOf(@Parent() p: ProcedureView, @CurrentIdentity() who: Identity): string | null {
    return p.formData && mayReadObservations(who, p) ? p.formData : null;
  }

  @Query('procedure')
  async procedure(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryProcedureArgs,
  ): Promise<ProcedureView | null> {
    return this.maybe(await this.procedures.get(who, args.id));
  }

  @Query('procedures')
  async list(@CurrentIdentity() who: Identity, @Args() args: QueryProceduresArgs): Promise<ProcedureView[]> {
    const list = await this.procedures.latest(who, args.first ?? 50, args.typeCode ?? undefined);
    return list.map((p) => this.view(p));
  }

  @Query('procedureDesk')
  desk(@CurrentIdentity() who: Identity, @Args() args: QueryProcedureDeskArgs): Promise<ProcedureDesk> {
    return this.procedures.desk(who, args.responsibleId ?? undefined, args.first ?? 50);
  }

  @Query('procedureDeskList')
  deskList(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryProcedureDeskListArgs,
  ): Promise<ProcedureDeskPage> {
    return this.procedures.deskList(
      who,
      args.responsibleId ?? undefined,
      args.list,
      args.first ?? 50,
      args.after ?? undefined,
    );
  }

  @Query('procedureStatus')
  @Public()
  async procedureStatus(@Args() args: QueryProcedureStatusArgs): Promise<ProcedurePublicStatus | null> {
    const s = await this.procedures.publicStatus(args.reference);
    // the deadline, or while suspended the latest it can be (what this field has always said)
    return s && { phase: s.phase, dueDate: s.dueDate ?? s.latestDueDate ?? null };
  }

  @Query('procedureStartNotice')
  startNotice(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryProcedureStartNoticeArgs,
  ): Promise<ProcedureStartNotice> {
    return this.procedures.startNotice(who, args.id);
  }

  @Query('legalHolidays')
  legalHolidays(@CurrentIdentity() who: Identity, @Args() args: QueryLegalHolidaysArgs): LegalHoliday[] {
    proceduresPolicy.authorize('calendar.read', who);
    try {
      return this.procedures.contexts.calendar.holidays(args.year);
    } catch (e) {
      throw DomainError.invalid('year', (e as Error).message);
    }
  }

  @Mutation('submitProcedure')
  async submit(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSubmitProcedureArgs,
  ): Promise<ProcedureView> {
    return this.view(await this.procedures.submitFromDesk(who, args.input));
  }

  @Mutation('assignProcedure')
  async assign(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationAssignProcedureArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.assign(who, args.id, args.responsibleId, args.responsibleName ?? undefined),
    );
  }

  @Mutation('suspendProcedure')
  async suspend(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSuspendProcedureArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.suspend(who, args.id, {
        kind: args.input.kind,
        reason: args.input.reason,
        start: args.input.start ?? undefined,
      }),
    );
  }

  @Mutation('resumeProcedure')
  async resume(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationResumeProcedureArgs,
  ): Promise<ProcedureView> {
    return this.view(await this.procedures.resume(who, args.id, args.suspensionId, args.on ?? undefined));
  }

  @Mutation('sendRejectionNotice')
  async rejectionNotice(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSendRejectionNoticeArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.sendRejectionNotice(who, args.id, args.reasons, args.on ?? undefined),
    );
  }

  @Mutation('receiveObservations')
  async observations(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationReceiveObservationsArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.receiveObservations(who, args.id, args.on ?? undefined, args.text ?? undefined),
    );
  }

  @Mutation('decideProcedure')
  async decide(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationDecideProcedureArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.decide(who, args.id, {
        outcome: args.input.outcome,
        reasons: args.input.reasons,
        on: args.input.on ?? undefined,
        observationsAnswer: args.input.observationsAnswer ?? undefined,
      }),
    );
  }

  @Mutation('requestSilentAssentAttestation')
  async requestAttestation(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationRequestSilentAssentAttestationArgs,
  ): Promise<ProcedureView> {
    return this.view(await this.procedures.requestAttestation(who, args.id));
  }

  @Mutation('issueSilentAssentAttestation')
  async issueAttestation(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationIssueSilentAssentAttestationArgs,
  ): Promise<ProcedureView> {
    return this.view(await this.procedures.issueAttestation(who, args.id));
  }

  @Mutation('requestAccessReview')
  async review(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationRequestAccessReviewArgs,
  ): Promise<ProcedureView> {
    return this.view(
      await this.procedures.requestReview(who, args.id, args.protocolNumber, args.receivedAt ?? undefined),
    );
  }
}
