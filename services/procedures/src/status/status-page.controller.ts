import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ANONYMOUS } from '@urp/auth';
import { lookupGate, sendPublicPage, type LookupGate } from '@urp/public-pages';
import type { Request, Response } from 'express';
import { PROCEDURE_STATUS_PATH, PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { ProcedureUseCases } from '../procedure/procedure.use-cases';
import { proceduresPolicy } from '../procedures.policy';
import {
  procedureStatusFormPage,
  procedureStatusResultPage,
  procedureStatusTooManyPage,
} from './status-page.html';

/** A public reference as the start notice prints it: `prc_<hex>.<base64url token>`. */
const REFERENCE = /^[a-z]+_[0-9a-f]+\.[A-Za-z0-9_-]+$/;

/**
 * The applicant's status page of a procedure: `GET /stato-procedimento` is the form, `POST /stato-procedimento`
 * (the public reference printed in the start notice, in the body: never in a URL that logs and browsers keep)
 * shows the state, the deadline, the suspensions and the notices sent. No login; rate-limited per address
 * (express-rate-limit); the token is compared in constant time, and a wrong token and an unknown procedure get
 * the same answer.
 */
@Controller(PROCEDURE_STATUS_PATH.slice(1))
export class ProcedureStatusPageController {
  private readonly gate: LookupGate;

  constructor(
    private readonly procedures: ProcedureUseCases,
    @Inject(PROCEDURES_CONFIG)
    private readonly config: Pick<
      ProceduresConfig,
      'ADMINISTRATION_NAME' | 'STATUS_PAGE_RATE_LIMIT' | 'STATUS_PAGE_RATE_WINDOW_MS'
    >,
  ) {
    this.gate = lookupGate(config, (seconds) =>
      procedureStatusTooManyPage(config.ADMINISTRATION_NAME, seconds),
    );
  }

  @Get()
  form(@Res() res: Response): void {
    proceduresPolicy.authorize('procedure.publicStatus', ANONYMOUS);
    sendPublicPage(res, 200, procedureStatusFormPage(this.config.ADMINISTRATION_NAME));
  }

  @Post()
  async lookup(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    proceduresPolicy.authorize('procedure.publicStatus', ANONYMOUS);
    // the limit first: every attempt counts, right or wrong
    if (!(await this.gate(req, res))) return;
    const admin = this.config.ADMINISTRATION_NAME;
    const typed = typeof body?.riferimento === 'string' ? body.riferimento : '';
    // as copied from a PDF: spaces and line breaks inside, a full stop at the end of the sentence
    const reference = typed.replace(/\s+/g, '').replace(/\.$/, '');
    if (!reference)
      return sendPublicPage(
        res,
        400,
        procedureStatusFormPage(admin, { error: 'Inserisca il riferimento per la consultazione.' }),
      );
    if (!REFERENCE.test(reference))
      return sendPublicPage(
        res,
        400,
        procedureStatusFormPage(admin, {
          riferimento: typed,
          error:
            'Il riferimento inizia con prc_ e contiene un punto, senza altri segni: lo copi così come è scritto nella comunicazione di avvio.',
        }),
      );
    const status = await this.procedures.publicStatus(reference);
    if (!status)
      return sendPublicPage(
        res,
        404,
        procedureStatusFormPage(admin, {
          riferimento: typed,
          error: 'Riferimento non corretto: controlli la comunicazione di avvio e riprovi.',
        }),
      );
    sendPublicPage(res, 200, procedureStatusResultPage(admin, status));
  }
}
