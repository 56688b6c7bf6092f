import { createEvent, ProcedureRequestedV1, RequesterAnonymisedV1 } from '@urp/contracts';
import { IDENTITY_HEADER, verifyIdentity } from '@urp/auth';
import type { UrpEventContext } from '@urp/messaging';
import type { Db } from 'mongodb';
import { ProcedureHandlers } from './procedure.handlers';
import type { ProcedureContexts } from './procedure.context';
import type { FormVersionsReadModel } from './form-versions.read-model';
import type { ProcedureStore } from './procedure.store';
import type { ProcedureUseCases } from './procedure.use-cases';
import type { StaffContacts } from './staff-contacts.store';
import type { StartRefusals } from './start-refusal';

/** Unit test of the handler's hand-over rules: collaborators stubbed, contacts' HTTP answer stubbed on `fetch`. */
const SECRET = 's'.repeat(32);
const form = { cognome: 'Zanzottera', codice_fiscale: 'ZNZLCU80A41H501X', componenti: 1 };

function setup(existing: unknown = null, anonymised: string[] = []) {
  const startRequested = jest.fn(async () => ({ ok: true as const, procedure: { id: 'prc_new' } }));
  const refuse = jest.fn(async () => 'committed' as const);
  const eraseFormDataOf = jest.fn(async () => 1);
  const idsOfRequester = jest.fn(async () => ['prc_a', 'prc_b']);
  const handlers = new ProcedureHandlers(
    { startRequested, eraseFormDataOf } as unknown as ProcedureUseCases,
    { reaction: () => ({}) } as unknown as ProcedureContexts,
    {} as FormVersionsReadModel,
    { refuse } as unknown as StartRefusals,
    { isStaff: async () => false } as unknown as StaffContacts,
    { get: async () => existing, idsOfRequester } as unknown as ProcedureStore,
    // the anonymised requesters' marks, in memory
    {
      collection: () => ({
        findOne: async (q: { _id: string }) => (anonymised.includes(q._id) ? q : null),
        updateOne: async (q: { _id: string }) => void anonymised.push(q._id),
      }),
    } as unknown as Db,
    SECRET,
    { CONTACTS_INTERNAL_URL: 'http://127.0.0.1:4001' },
  );
  return { handlers, startRequested, refuse, eraseFormDataOf, idsOfRequester, anonymised };
}

const request = (extra: Record<string, unknown>) =>
  createEvent(
    ProcedureRequestedV1,
    'ctc_1',
    {
      contactId: 'ctc_1',
      requesterId: 'req_lucia00001',
      procedureTypeCode: 'residenza',
      subject: 'Cambio di residenza',
      receivedAt: '2026-03-02T08:00:00.000Z',
      protocolNumber: '2026/0000002',
      channel: 'desk',
      operatorId: 'op-1',
      ...extra,
    },
    { source: '/urp/contacts' },
  );
const ctx = {} as UrpEventContext;
const answer = (status: number, body: unknown = {}) =>
  jest.spyOn(global, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status }));

afterEach(() => jest.restoreAllMocks());

describe('ProcedureRequested: the application form is fetched from contacts, never read from the event', () => {
  it('fetches the form as a service and starts the procedure with it', async () => {
    const fetch = answer(200, { contactId: 'ctc_1', formData: form });
    const { handlers, startRequested } = setup();
    await handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toMatch(/\/internal\/contacts\/ctc_1\/procedure-form\?purpose=/);
    const identity = await verifyIdentity((init.headers as Record<string, string>)[IDENTITY_HEADER], SECRET);
    expect(identity.roles).toEqual(['service']);
    expect(startRequested).toHaveBeenCalledWith(
      expect.objectContaining({ formData: form }),
      expect.anything(),
      expect.stringMatching(/^prc_/),
    );
  });

  it('refuses the start (form_data_erased) when contacts erased the form (410): nothing created', async () => {
    answer(410);
    const { handlers, startRequested, refuse } = setup();
    await handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    expect(startRequested).not.toHaveBeenCalled();
    expect(refuse).toHaveBeenCalledWith(
      expect.objectContaining({ contactId: 'ctc_1' }),
      expect.objectContaining({ code: 'form_data_erased' }),
      expect.anything(),
    );
  });

  it('contacts failing (5xx) is retried, then the case is told (form_unavailable); down is retried without end', async () => {
    answer(503);
    const first = setup();
    await expect(
      first.handlers.onProcedureRequested(request({ hasFormData: true }), { attempt: 1 } as UrpEventContext),
    ).rejects.toThrow(/503/);
    expect(first.refuse).not.toHaveBeenCalled();
    const last = setup();
    await last.handlers.onProcedureRequested(request({ hasFormData: true }), {
      attempt: 5,
      lastAttempt: true,
    } as UrpEventContext);
    expect(last.startRequested).not.toHaveBeenCalled();
    expect(last.refuse).toHaveBeenCalledWith(
      expect.objectContaining({ contactId: 'ctc_1' }),
      expect.objectContaining({
        code: 'form_unavailable',
        reason: expect.stringMatching(/non è stato avviato/),
      }),
      expect.anything(),
    );
    // contacts cannot be reached at all: an outage, never a refusal, even on the "last" attempt
    jest
      .spyOn(global, 'fetch')
      .mockRejectedValue(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    const down = setup();
    await expect(
      down.handlers.onProcedureRequested(request({ hasFormData: true }), {
        lastAttempt: true,
      } as UrpEventContext),
    ).rejects.toThrow('fetch failed');
    expect(down.refuse).not.toHaveBeenCalled();
  });

  it('an answer retrying cannot change (404) refuses the start at once: never only a dead letter', async () => {
    answer(404);
    const { handlers, refuse, startRequested } = setup();
    await handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    expect(startRequested).not.toHaveBeenCalled();
    expect(refuse).toHaveBeenCalledWith(
      expect.anything(),
      expect.objectContaining({ code: 'form_unavailable' }),
      expect.anything(),
    );
  });

  it('a requester anonymised while the request was on its way: the new procedure’s form is erased at once', async () => {
    answer(200, { contactId: 'ctc_1', formData: form });
    const { handlers, eraseFormDataOf } = setup(null, ['req_lucia00001']);
    await handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    expect(eraseFormDataOf).toHaveBeenCalledWith('req_lucia00001', ['prc_new'], expect.anything());
    answer(200, { contactId: 'ctc_1', formData: form });
    const other = setup(null, ['req_someone01']);
    await other.handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    expect(other.eraseFormDataOf).not.toHaveBeenCalled();
  });

  it('a redelivery (the procedure exists) and a request without a form ask contacts nothing', async () => {
    const fetch = jest.spyOn(global, 'fetch');
    const again = setup({ id: 'prc_x' });
    await again.handlers.onProcedureRequested(request({ hasFormData: true }), ctx);
    expect(again.startRequested).toHaveBeenCalledWith(
      expect.objectContaining({ formData: undefined }),
      expect.anything(),
      expect.any(String),
    );
    await setup().handlers.onProcedureRequested(request({}), ctx);
    // an old record still carrying the form itself is read as it is
    const old = setup();
    await old.handlers.onProcedureRequested(request({ formData: { componenti: 2 } }), ctx);
    expect(old.startRequested).toHaveBeenCalledWith(
      expect.objectContaining({ formData: { componenti: 2 } }),
      expect.anything(),
      expect.any(String),
    );
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('RequesterAnonymised: the form data of the requester’s procedures is erased', () => {
  it('erases on every procedure of the requester', async () => {
    const { handlers, idsOfRequester, eraseFormDataOf, anonymised } = setup();
    const event = createEvent(
      RequesterAnonymisedV1,
      'req_lucia00001',
      { requesterId: 'req_lucia00001', anonymisedAt: '2026-03-03T08:00:00.000Z', reason: 'request' },
      { source: '/urp/contacts' },
    );
    await handlers.onRequesterAnonymised(event);
    expect(anonymised).toEqual(['req_lucia00001']); // marked before the scan
    expect(idsOfRequester).toHaveBeenCalledWith('req_lucia00001');
    expect(eraseFormDataOf).toHaveBeenCalledWith('req_lucia00001', ['prc_a', 'prc_b'], expect.anything());
  });
});
