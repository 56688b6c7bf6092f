import { addDays, LegalCalendar, romeCivilDate } from '@urp/legal-clock';
import { ADMIN, memoryService, OPERATOR } from '../testing/in-memory';

const types = (events: { type: string }[]) => events.map((e) => e.type.split('.')[3]);
const day = 86_400_000;

async function withCase(extra: Record<string, unknown> = {}) {
  const s = memoryService();
  s.directory.offices.push({
    id: 'off_lp',
    code: 'lavori_pubblici',
    name: 'Lavori pubblici',
    headReferentId: 'ref_verdi',
    active: true,
  });
  s.directory.referents.push({ id: 'ref_verdi', name: 'Ing. Paola Verdi', officeId: 'off_lp', active: true });
  const r = await s.requesterUseCases.create(OPERATOR, {
    kind: 'person',
    name: 'Maria Bianchi',
    email: 'maria@example.it',
    preferredChannel: 'email',
    purpose: 'registrazione',
  });
  const c = await s.contactUseCases.register(OPERATOR, {
    channel: 'desk',
    type: 'report',
    subject: 'Lampione spento',
    requesterId: r.id,
    ...extra,
  });
  return { s, caseId: c.case!.id };
}

const legalCalendar = new LegalCalendar();

describe('case use cases (in memory)', () => {
  it('routes, suspends, resumes, answers from a canned reply, closes and reopens, telling the citizen', async () => {
    const { s, caseId } = await withCase();
    s.directory.templates.push({
      id: 'tpl_1',
      revision: 1,
      code: 'presa',
      title: 'Presa in carico',
      body: 'Seguita da {{responsible_person}}, {{office}}',
      audience: 'public',
    });
    await s.cases.route(OPERATOR, { caseId, officeId: 'lavori_pubblici' });
    // the move to waiting for the citizen says what is missing, on its field in Italian when it does not
    await expect(s.cases.suspend(OPERATOR, { caseId, reason: '' })).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: {
          'input.reason': 'obbligatorio',
          'input.request': 'indicare cosa deve inviare il cittadino: il testo gli arriva nel messaggio',
        },
      },
    });
    const waiting = await s.cases.suspend(OPERATOR, {
      caseId,
      reason: 'fotografie dal cittadino',
      request: 'Ci invii due fotografie del lampione, di giorno.',
    });
    expect(waiting.case.messages).toMatchObject([
      { text: 'Ci invii due fotografie del lampione, di giorno.', request: true },
    ]);
    s.clock.set(new Date(s.clock.now().getTime() + 5 * day));
    const resumed = await s.cases.resume(OPERATOR, { caseId });
    // 30 days + 5 suspended, counted on Rome civil days by @urp/legal-clock (due by the end of that day)
    expect(romeCivilDate(resumed.case.dueAt)).toBe(
      legalCalendar.nextWorkingDay(addDays(romeCivilDate(resumed.case.openedAt), 35)),
    );
    const answered = await s.cases.sendMessage(OPERATOR, { caseId, templateId: 'tpl_1', answer: true });
    expect(answered.case.messages.at(-1)?.text).toBe('Seguita da Ing. Paola Verdi, Lavori pubblici');
    await s.cases.close(OPERATOR, { caseId, outcome: 'forwarded', forwardedTo: 'Enel Sole S.r.l.' });
    const reopened = await s.cases.reopen(OPERATOR, { caseId, reason: 'di nuovo guasto' });
    expect(reopened).toMatchObject({ status: 'open', case: { status: 'reopened' } });
    const caseEvents = s.contacts.events.filter((e) => e.subject === caseId);
    expect(types(caseEvents).filter((t) => t !== 'CitizenNotificationRequested')).toEqual([
      'CaseOpened',
      'CaseRouted',
      'CaseSuspended',
      'CaseResumed',
      'CaseAnswered',
      'CaseClosed',
      'CaseReopened',
    ]);
    expect(
      caseEvents
        .filter((e) => e.type.includes('CitizenNotification'))
        .map((e) => (e.data as { status: string }).status),
    ).toEqual(['received', 'assigned', 'waiting_citizen', 'answered', 'closed', 'reopened']);
  });

  it('a refused move is a CONFLICT and writes nothing; a free move outside the list is a field error', async () => {
    const { s, caseId } = await withCase();
    await s.cases.close(OPERATOR, { caseId, outcome: 'answered' });
    const before = s.contacts.events.length;
    await expect(s.cases.suspend(OPERATOR, { caseId, reason: 'x', request: 'y' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    await expect(s.cases.changeStatus(OPERATOR, { caseId, status: 'closed' })).rejects.toMatchObject({
      extensions: { fields: { 'input.status': expect.any(String) } },
    });
    expect(s.contacts.events.length).toBe(before);
  });

  it('only an administrator imports a historical closing, and it tells nobody', async () => {
    const { s, caseId } = await withCase();
    const closedAt = new Date(s.clock.now().getTime() + day).toISOString();
    s.clock.set(new Date(s.clock.now().getTime() + 2 * day)); // a closing in the past (a future one is refused)
    await expect(s.cases.close(OPERATOR, { caseId, outcome: 'answered', closedAt })).rejects.toMatchObject({
      extensions: { fields: { 'input.closedAt': expect.any(String) } },
    });
    const before = s.contacts.events.length;
    const closed = await s.cases.close(ADMIN, { caseId, outcome: 'answered', closedAt });
    expect(closed.case.closedAt?.toISOString()).toBe(closedAt);
    expect(types(s.contacts.events.slice(before))).toEqual(['CaseClosed', 'ContactClosed']);
  });

  it('merges a duplicate: both linked, later notes go to the original', async () => {
    const { s, caseId: original } = await withCase();
    const dup = await s.contactUseCases.register(OPERATOR, {
      channel: 'app',
      type: 'report',
      subject: 'Lampione spento ancora',
    });
    const merged = await s.cases.markDuplicate(OPERATOR, {
      caseId: dup.case!.id,
      originalCaseId: original,
    });
    expect(merged.case).toMatchObject({ status: 'merged', duplicateOf: original });
    await s.cases.addNote(OPERATOR, { caseId: dup.case!.id, text: 'foto arrivata' });
    const o = await s.cases.find(original);
    expect(o?.case.duplicates).toEqual([dup.case!.id]);
    expect(o?.case.notes.map((n) => n.text)).toEqual(['foto arrivata']);
    await expect(
      s.cases.markDuplicate(OPERATOR, { caseId: original, originalCaseId: dup.case!.id }),
    ).rejects.toMatchObject({ extensions: { fields: { 'input.originalCaseId': expect.any(String) } } });
  });

  it('decides on the stored case, not on a copy cached before another instance wrote', async () => {
    const { s, caseId: original } = await withCase();
    const dup = await s.contactUseCases.register(OPERATOR, {
      channel: 'app',
      type: 'report',
      subject: 'Lampione spento ancora',
    });
    const dupId = dup.case!.id;
    // what this instance read (and would serve from its cache) before another instance closed the original
    // and merged the duplicate elsewhere: the change event has not reached its read model yet
    const seen = new Map([
      [original.slice(5), await s.contacts.get(original.slice(5))],
      [dup.id, await s.contacts.get(dup.id)],
    ]);
    jest.spyOn(s.contacts, 'opened').mockImplementation(async (id) => seen.get(id) ?? s.contacts.get(id));
    await s.cases.close(OPERATOR, { caseId: original, outcome: 'answered' });
    const before = s.contacts.events.length;
    await expect(
      s.cases.markDuplicate(OPERATOR, { caseId: dupId, originalCaseId: original }),
    ).rejects.toMatchObject({
      extensions: { fields: { 'input.originalCaseId': 'la pratica originale è closed' } },
    });
    expect(s.contacts.events.length).toBe(before);
    expect((await s.contacts.get(dup.id))?.case?.status).not.toBe('merged');
    expect((await s.contacts.get(original.slice(5)))?.case?.duplicates).toEqual([]);

    // a duplicate merged meanwhile: a note on it goes to its original, as the stored case says
    const other = await s.contactUseCases.register(OPERATOR, {
      channel: 'app',
      type: 'report',
      subject: 'Buca',
    });
    await s.cases.markDuplicate(OPERATOR, { caseId: dupId, originalCaseId: other.case!.id });
    await s.cases.addNote(OPERATOR, { caseId: dupId, text: 'foto arrivata' });
    expect((await s.contacts.get(other.id))?.case?.notes.map((n) => n.text)).toEqual(['foto arrivata']);
    expect((await s.contacts.get(dup.id))?.case?.notes).toEqual([]);
  });

  it('NOT_FOUND for a case that does not exist', async () => {
    const { s } = await withCase();
    await expect(s.cases.resume(OPERATOR, { caseId: 'case_nope' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});
