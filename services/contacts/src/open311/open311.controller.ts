import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { ANONYMOUS } from '@urp/auth';
import { CLOCK, DomainError, type Actor, type Clock } from '@urp/kernel';
import { contactIdOfCase, OPEN_STATUSES } from '../case/case-phases.rules';
import { CONTACTS_CONFIG, type ContactsConfig } from '../config';
import { contactsPolicy } from '../contacts.policy';
import type { Contact } from '../contact/contact.rules';
import type { ContactRow } from '../contact/contact.read-model';
import { ContactStore } from '../contact/contact.store';
import { ContactUseCases } from '../contact/contact.use-cases';
import { resolveOffice } from '../directory/directory.rules';
import { DirectoryStore } from '../directory/directory.store';
import { RequesterUseCases } from '../requester/requester.use-cases';
import { SettingsUseCases } from '../settings/settings.use-cases';
import { Instant } from '../shared/strict-input';
import { publicStatusLabel } from '../status/public-status.rules';
import { apiKeyAccepted, publicAddress, roundCoordinate } from './open311.rules';
import { OPEN311_SERVICES, serviceByCode, serviceOfCategory } from './open311.services';

/** Open311 errors: an array of `{code, description}` with the HTTP status. */
/** Civic apps file reports as the URP's own front-office agent `open311` (the old operator id). */
export const OPEN311_AGENT: Actor = { sub: 'open311', roles: ['operator'] };

/** The Open311 name of a field of the contact it becomes. */
const open311Field = (path: string) =>
  ({
    'input.subject': 'address_string',
    'input.text': 'description',
    'input.place.address': 'address_string',
  })[path] ?? path;

/** One service request as GeoReport v2 answers it. */
interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string | null;
  /**
   * Always null. GeoReport v2 makes it optional; the reporter's text is the citizen's own words, often taken by
   * phone or at the desk from someone who never meant to publish them, and a scrubber cannot tell "si è rotta il
   * femore" or "in cura al Sert" from a pothole (health, social, minors' data: GDPR art. 9). The model has no
   * staff-written public summary to publish instead; the service, status, office, dates and the generalised
   * place say what the public list is for.
   */
  description: null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

const fail = (status: number, description: string) =>
  new HttpException([{ code: status, description }], status);

const PostRequest = z
  .object({
    service_code: z.string().min(1),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: z.string().trim().max(300).optional(),
    address_id: z.string().max(100).optional(),
    email: z.email().optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().trim().max(100).optional(),
    last_name: z.string().trim().max(100).optional(),
    phone: z.string().trim().max(30).optional(),
    description: z.string().trim().max(4000).optional(),
    media_url: z.url().optional(),
    api_key: z.string().optional(),
  })
  .refine((r) => (r.lat !== undefined && r.long !== undefined) || r.address_string || r.address_id, {
    message: 'a location is required: lat and long, address_string or address_id',
  });

/**
 * Open311 GeoReport v2 (JSON format), so existing civic apps can file reports: `GET services`, `GET
 * services/{code}`, `POST requests`, `GET requests`, `GET requests/{id}`. Public (no login), as the standard
 * intends. A request becomes a contact of type report with a case; reporter details become a requester
 * (personal data stay here); public answers never carry them, nor the citizen's description.
 */
@Controller('open311/v2')
export class Open311Controller {
  constructor(
    private readonly contactUseCases: ContactUseCases,
    private readonly contacts: ContactStore,
    private readonly requesters: RequesterUseCases,
    private readonly directory: DirectoryStore,
    private readonly settings: SettingsUseCases,
    @Inject(CONTACTS_CONFIG) private readonly config: ContactsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Service discovery (Open311): where this GeoReport v2 endpoint lives and what it speaks. */
  @Get('discovery.json')
  discovery(@Req() req: Request) {
    const base = `${req.protocol}://${req.get('host')}/open311/v2`;
    return {
      changeset: '2026-11-27T00:00:00Z',
      contact: 'URP – Comune, Ufficio Relazioni con il Pubblico',
      key_service: 'Chiave API a richiesta all’URP (se configurata)',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: base,
          changeset: '2026-11-27T00:00:00Z',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    };
  }

  @Get('services.json')
  services() {
    return OPEN311_SERVICES.map((s) => ({
      service_code: s.service_code,
      service_name: s.service_name,
      description: s.description,
      metadata: true,
      type: 'realtime',
      keywords: s.keywords,
      group: s.group,
    }));
  }

  @Get('services/:file')
  definition(@Param('file') file: string) {
    const code = file.replace(/\.json$/, '');
    if (!serviceByCode(code)) throw fail(404, `unknown service_code ${code}`);
    return {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'dangerous',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: 'Il problema è pericoloso per chi passa?',
          order: 1,
          description: 'Pericolo immediato',
          values: [
            { key: 'yes', name: 'Sì' },
            { key: 'no', name: 'No' },
          ],
        },
      ],
    };
  }

  @Post('requests.json')
  @HttpCode(201)
  async create(@Body() body: Record<string, unknown>) {
    contactsPolicy.authorize('open311.report', ANONYMOUS);
    const parsed = PostRequest.safeParse(body ?? {});
    if (!parsed.success)
      throw fail(
        400,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
      );
    const r = parsed.data;
    if (!apiKeyAccepted(this.config, r.api_key))
      throw fail(
        403,
        r.api_key
          ? 'api_key non valida: chiedere una chiave all’URP (a valid api_key is required)'
          : 'api_key obbligatoria: chiedere una chiave all’URP (an api_key is required)',
      );
    const service = serviceByCode(r.service_code);
    if (!service) throw fail(404, `unknown service_code ${r.service_code}`);
    let requesterId: string | undefined;
    if (r.email || r.phone || r.first_name || r.last_name) {
      const name = [r.first_name, r.last_name].filter(Boolean).join(' ') || 'Segnalante Open311';
      const requester = await this.requesters
        .create(OPEN311_AGENT, {
          kind: 'person',
          name,
          ...(r.email ? { email: r.email, preferredChannel: 'email' as const } : {}),
          ...(r.phone ? { phone: r.phone } : {}),
          purpose: 'Open311 service request: reporter contact details',
        })
        .catch(() => undefined); // bad reporter details must not lose the report
      requesterId = requester?.id;
    }
    const attrs = (body.attribute ?? {}) as Record<string, unknown>;
    let officeId: string | undefined;
    try {
      officeId = resolveOffice(await this.directory.offices(), service.officeCode, 'officeId').officeId;
    } catch {
      officeId = undefined; // office not (yet) in the directory: the case waits for triage
    }
    const contact = await this.contactUseCases
      .register(OPEN311_AGENT, {
        channel: 'app',
        type: 'report',
        subject: `${service.service_name}${r.address_string ? ` – ${r.address_string}` : ''}`.slice(0, 200),
        ...(r.description ? { text: r.description } : {}),
        ...(requesterId ? { requesterId } : {}),
        category: service.category,
        place: {
          ...(r.lat !== undefined ? { lat: r.lat, lon: r.long } : {}),
          ...(r.address_string ? { address: r.address_string } : {}),
        },
        openCase: true,
        priority: attrs.dangerous === 'yes' ? 'high' : 'normal',
        ...(officeId ? { officeId } : {}),
      })
      .catch((e: unknown) => {
        // a bad value (e.g. control characters in address_string or description) is the app's 400, named
        if (e instanceof DomainError && e.code === 'BAD_USER_INPUT')
          throw fail(
            400,
            Object.entries(e.fields ?? {})
              .map(([f, m]) => `${open311Field(f)}: ${m}`)
              .join('; ') || e.message,
          );
        throw e;
      });
    return [
      {
        service_request_id: contact.case?.id ?? contact.id,
        service_notice: `Protocollo n. ${contact.protocolNumber}`,
        account_id: null,
      },
    ];
  }

  /**
   * The list (GeoReport v2 `GET /requests`): rows from the read model, newest first, at most 1000; each
   * request's public form is kept per contact revision (and labels and offices), so only a contact changed
   * since the last list is read again, by `_id`.
   */
  @Get('requests.json')
  async list(@Query() q: Record<string, string>) {
    contactsPolicy.authorize('open311.read', ANONYMOUS);
    const model = this.contacts.readModel;
    let service: ReturnType<typeof serviceByCode>;
    if (q.service_code) {
      service = serviceByCode(q.service_code);
      if (!service) return [];
    }
    // the spec: by id, the dates do not apply; otherwise the last 90 days by default
    let start = -Infinity;
    let end: Date | undefined;
    if (!q.service_request_id || q.start_date || q.end_date) {
      for (const field of ['start_date', 'end_date'] as const)
        if (q[field] !== undefined && !Instant.safeParse(q[field]).success)
          throw fail(
            400,
            `${field}: ISO 8601 date and time with offset, an existing day (e.g. 2026-03-02T09:00:00+01:00)`,
          );
      end = q.end_date ? new Date(q.end_date) : this.clock.now();
      start = (q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000)).getTime();
    }
    const statuses: readonly string[] | undefined =
      q.status === 'open' ? OPEN_STATUSES : q.status === 'closed' ? ['closed', 'merged'] : undefined;
    const keep = (r: ContactRow | undefined): r is ContactRow =>
      !!r &&
      r.type === 'report' &&
      !!r.caseStatus &&
      r.registeredAt >= start &&
      (!end || r.registeredAt <= end.getTime()) &&
      (!service || (r.level1 === service.category.level1 && r.level2 === service.category.level2)) &&
      (!statuses || statuses.includes(r.caseStatus));
    let picked: ContactRow[];
    if (q.service_request_id) {
      const ids = q.service_request_id
        .split(',')
        .map((s) => contactIdOfCase(s.trim()))
        .filter((id): id is string => !!id);
      picked = [...new Set(ids)]
        .map((id) => model.get(id))
        .filter(keep)
        .sort((a, b) => b.registeredAt - a.registeredAt)
        .slice(0, 1000);
    } else {
      picked = [];
      for (const r of model.reportsNewestFirst(end)) {
        if (picked.length >= 1000 || r.registeredAt < start) break;
        if (keep(r)) picked.push(r);
      }
    }
    return this.requests(picked);
  }

  /** Public forms by contact revision (and labels and offices): a changed contact is read again by `_id`. */
  private readonly published = new Map<string, { key: string; request: Open311Request }>();

  private async requests(rows: readonly ContactRow[]): Promise<Open311Request[]> {
    const [labels, offices] = await Promise.all([this.settings.labels(), this.directory.offices()]);
    const version = JSON.stringify([labels, offices.map((o) => [o.id, o.name])]);
    const keyOf = (r: ContactRow) => `${r.revision}|${version}`;
    const stale = rows.filter((r) => this.published.get(r.id)?.key !== keyOf(r));
    if (stale.length) {
      const docs = await this.contacts.getMany(stale.map((r) => r.id));
      if (this.published.size > 50_000) this.published.clear();
      for (const r of stale) {
        const c = docs.get(r.id);
        if (c?.case)
          this.published.set(r.id, {
            key: `${c.revision}|${version}`,
            request: await this.toRequest(c, labels, offices),
          });
      }
    }
    return rows.flatMap((r) => this.published.get(r.id)?.request ?? []);
  }

  @Get('requests/:file')
  async one(@Param('file') file: string) {
    contactsPolicy.authorize('open311.read', ANONYMOUS);
    const id = file.replace(/\.json$/, '');
    const contactId = contactIdOfCase(id);
    const c = contactId ? await this.contacts.get(contactId) : null;
    if (!c?.case || c.type !== 'report') throw fail(404, `service request ${id} does not exist`);
    const [labels, offices] = await Promise.all([this.settings.labels(), this.directory.offices()]);
    return [await this.toRequest(c, labels, offices)];
  }

  private async toRequest(
    c: Contact,
    labels: Record<string, string>,
    offices: readonly { id: string; name: string }[],
  ): Promise<Open311Request> {
    const k = c.case;
    if (!k) throw fail(404, `service request of contact ${c.id} does not exist`);
    const service = serviceOfCategory(c.category?.level1, c.category?.level2);
    const last = k.history[k.history.length - 1];
    return {
      service_request_id: k.id,
      status: ['closed', 'merged'].includes(k.status) ? 'closed' : 'open',
      // the same words as the citizen's status page
      status_notes: publicStatusLabel(k, labels),
      service_name: service?.service_name ?? 'Segnalazione',
      service_code: service?.service_code ?? null,
      // never the citizen's own words (see `Open311Request.description`)
      description: null,
      agency_responsible: offices.find((o) => o.id === k.officeId)?.name ?? k.officeId ?? null,
      service_notice: c.protocolNumber ? `Protocollo n. ${c.protocolNumber}` : null,
      requested_datetime: new Date(c.registeredAt).toISOString(),
      updated_datetime: new Date(last?.at ?? c.registeredAt).toISOString(),
      expected_datetime: new Date(k.dueAt).toISOString(),
      address: publicAddress(c.place?.address, this.config.OPEN311_ADDRESS_DETAIL),
      address_id: null,
      zipcode: null,
      lat: roundCoordinate(c.place?.lat, this.config.OPEN311_COORDINATE_DECIMALS),
      long: roundCoordinate(c.place?.lon, this.config.OPEN311_COORDINATE_DECIMALS),
      media_url: null,
    };
  }
}
