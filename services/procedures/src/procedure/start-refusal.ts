import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProcedureStartRefusedV1 } from '@urp/contracts';
import {
  emit,
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type Aggregate,
  type AggregateStore,
  type OutboxPort,
  type UseCaseContext,
} from '@urp/kernel';
import type { Db } from 'mongodb';

/**
 * Why a start asked by a case was refused (agreement 1: the codes contacts shows). `form_data_erased`: the
 * application form was erased in contacts (the requester was anonymised) before procedures could fetch it;
 * `form_unavailable`: contacts could not hand it over (failing past the consumer's retries, or 404/409).
 */
export type StartRefusalCode =
  'unknown_procedure_type' | 'type_inactive' | 'invalid_request' | 'form_data_erased' | 'form_unavailable';

/**
 * A refused start (issue 13): the request from a case (`ProcedureRequested`) could not become a procedure. Kept,
 * with its `ProcedureStartRefused` in the same write, so the case is told (never only a dead letter). `_id` is
 * derived from the request's event id: a redelivered request refuses once.
 */
export interface StartRefusal extends Aggregate {
  requestEventId: string;
  caseId: string;
  contactId: string;
  procedureTypeCode?: string;
  code: StartRefusalCode;
  reason: string;
  refusedAt: string;
}

/** The only writer of `start_refusals`. */
@Injectable()
export class StartRefusalStore extends MongoAggregateStore<StartRefusal> {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'start_refusals');
  }
}

export const refusalId = (requestEventId: string): string =>
  `prf_${createHash('sha256').update(requestEventId).digest('hex').slice(0, 32)}`;

/** Records a refusal with its event, once per request. */
@Injectable()
export class StartRefusals {
  constructor(@Inject(StartRefusalStore) private readonly store: AggregateStore<StartRefusal>) {}

  async refuse(
    request: { eventId: string; caseId: string; contactId: string; procedureTypeCode?: string },
    refusal: { code: StartRefusalCode; reason: string },
    ctx: UseCaseContext,
  ): Promise<'committed' | 'duplicate'> {
    const id = refusalId(request.eventId);
    const refusedAt = ctx.now.toISOString();
    const typeCode = request.procedureTypeCode?.slice(0, 120) || undefined;
    const r = await this.store.commit({
      previous: null,
      next: {
        id,
        revision: 0,
        requestEventId: request.eventId,
        caseId: request.caseId,
        contactId: request.contactId,
        ...(typeCode ? { procedureTypeCode: typeCode } : {}),
        code: refusal.code,
        reason: refusal.reason,
        refusedAt,
      },
      events: [
        emit(ctx, ProcedureStartRefusedV1, request.caseId, {
          caseId: request.caseId,
          contactId: request.contactId,
          ...(typeCode ? { procedureTypeCode: typeCode } : {}),
          code: refusal.code,
          reason: refusal.reason.slice(0, 1000),
          refusedAt,
        }),
      ],
      ifAbsent: true,
    });
    return r.status;
  }
}
