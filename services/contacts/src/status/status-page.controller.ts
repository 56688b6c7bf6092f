import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ANONYMOUS } from '@urp/auth';
import { lookupGate, sendPublicPage, type LookupGate } from '@urp/public-pages';
import type { Request, Response } from 'express';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { contactsPolicy } from '../contacts.policy';
import { CLOCK, type Clock } from '@urp/kernel';
import { protocolCandidates, protocolYear, readTypedProtocolNumber } from '../case/protocol.rules';
import { hasCase } from '../contact/contact.rules';
import { ContactStore } from '../contact/contact.store';
import { DirectoryStore } from '../directory/directory.store';
import { RequesterStore } from '../requester/requester.store';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { contactsScrubber } from '../shared/scrub.rules';
import { pendingRequest, publicStatusOf } from './public-status.rules';
import { normaliseReceiptCode, receiptCodeMatches } from './receipt-code.rules';
import {
  statusFormPage,
  statusResultPage,
  STATUS_PAGE_PATH,
  tooManyPage,
  type FormState,
} from './status-page.html';

/**
 * The citizen's status page (issue 14): `GET /stato-pratica` is the form, `POST /stato-pratica` (protocol
 * number and the receipt's code, in the body: never in a URL that logs and browsers keep) shows the status.
 * No login; rate-limited per address (express-rate-limit); the code is compared in constant time, and a
 * wrong code and an unknown protocol number get the same answer.
 */
@Controller(STATUS_PAGE_PATH.slice(1))
export class StatusPageController {
  private readonly gate: LookupGate;

  constructor(
    private readonly contacts: ContactStore,
    private readonly directory: DirectoryStore,
    private readonly settings: SettingsUseCases,
    private readonly requesters: RequesterStore,
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.gate = lookupGate(config, (seconds) => tooManyPage(config.ADMINISTRATION_NAME, seconds));
  }

  @Get()
  form(@Res() res: Response): void {
    contactsPolicy.authorize('publicStatus.read', ANONYMOUS);
    sendPublicPage(res, 200, statusFormPage(this.config.ADMINISTRATION_NAME));
  }

  @Post()
  async lookup(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    contactsPolicy.authorize('publicStatus.read', ANONYMOUS);
    // the limit first: every attempt counts, right or wrong
    if (!(await this.gate(req, res))) return;
    const protocollo = typeof body?.protocollo === 'string' ? body.protocollo.trim() : '';
    const codice = typeof body?.codice === 'string' ? body.codice : '';
    const errors: FormState['errors'] = {};
    const typed = protocollo ? readTypedProtocolNumber(protocollo) : undefined;
    if (!protocollo) errors.protocollo = 'Inserisca il numero di protocollo.';
    else if (!typed)
      errors.protocollo =
        'Il numero di protocollo ha la forma anno/numero, per esempio 2026/0000123 (basta anche il numero, 123).';
    if (!codice.trim()) errors.codice = 'Inserisca il codice di verifica della ricevuta.';
    else if (normaliseReceiptCode(codice).length !== 12)
      errors.codice = 'Il codice di verifica ha 12 caratteri, per esempio 7K3M-Q9TX-2HBD.';
    const admin = this.config.ADMINISTRATION_NAME;
    if (Object.keys(errors).length || !typed)
      return sendPublicPage(res, 400, statusFormPage(admin, { protocollo, errors }));
    // the numbers it may be (that number in every year kept, when typed without its year) from the read model,
    // the documents by `_id`; an unknown number reads a missing `_id`: the same work as a wrong code
    const ids = protocolCandidates(typed, protocolYear(this.clock.now())).flatMap(
      (n) => this.contacts.readModel.byProtocolNumber(n)?.id ?? [],
    );
    const found = await this.contacts.getMany(ids.length ? ids : ['sconosciuto']);
    // the code decides which, compared with every candidate (the same answer for an unknown number and a wrong code)
    const docs = found.size ? [...found.values()] : [undefined];
    const matching = docs.filter((d) => receiptCodeMatches(codice, d?.receiptHash));
    const c = matching.length === 1 ? matching[0] : undefined; // two would be 60 random bits alike: refused
    if (!c || !hasCase(c))
      return sendPublicPage(
        res,
        404,
        statusFormPage(admin, {
          protocollo,
          errors: {
            codice:
              'Numero di protocollo o codice di verifica non corretti: controlli la ricevuta e riprovi.',
          },
        }),
      );
    // what the office waits for is shown scrubbed of personal data, the requester's own among them
    const [labels, offices, person] = await Promise.all([
      this.settings.labels(),
      this.directory.offices(),
      pendingRequest(c.case) ? this.requesters.person(c.requesterId) : undefined,
    ]);
    const office = offices.find((o) => o.id === c.case.officeId);
    const scrub = (text: string) => contactsScrubber(text, person);
    sendPublicPage(res, 200, statusResultPage(admin, publicStatusOf(c, labels, office?.name, scrub)));
  }
}
