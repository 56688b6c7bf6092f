import fc from 'fast-check';
import { renderNotification } from '../notification/notification.rules';
import {
  claimDigest,
  digestDue,
  digestIdFor,
  groupWarnings,
  warningFrom,
  warningIdFor,
  type DeadlineKind,
  type DeadlineWarning,
} from './deadline-digest.rules';

const T0 = new Date('2026-12-07T00:05:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

const warning = (
  i: number,
  over: Partial<{ kind: DeadlineKind; due: string; office: string; responsible: string; min: number }> = {},
): DeadlineWarning =>
  warningFrom(
    over.kind ?? 'DeadlineApproaching',
    {
      procedureId: `prc_${i}`,
      procedureTypeCode: 'PDC',
      procedureTypeName: 'Permesso di costruire',
      protocolNumber: `2026/${String(i).padStart(7, '0')}`,
      dueAt: over.due ?? '2026-12-14T22:59:59.999Z',
      daysBefore: 7,
      officeId: over.office ?? 'edilizia',
      ...(over.responsible ? { responsibleId: over.responsible } : {}),
    },
    at(over.min ?? 0),
  );

describe('deadline warnings as a daily digest', () => {
  it('the same warning published twice is one warning; 7 and 2 days before are two; missed is its own', () => {
    const d = { procedureId: 'p', procedureTypeCode: 'X', dueAt: '2026-12-14T22:59:59.999Z' };
    expect(warningIdFor('DeadlineApproaching', { ...d, daysBefore: 7 })).toBe(
      warningIdFor('DeadlineApproaching', { ...d, daysBefore: 7 }),
    );
    expect(warningIdFor('DeadlineApproaching', { ...d, daysBefore: 7 })).not.toBe(
      warningIdFor('DeadlineApproaching', { ...d, daysBefore: 2 }),
    );
    expect(warningIdFor('DeadlineMissed', d)).toBe('dlw_missed_p_2026-12-14');
  });

  it('to the responsible referent, else the office; one digest id per recipient, office, kind and day', () => {
    expect(warning(1, { responsible: 'ref_1' })).toMatchObject({
      recipientType: 'referent',
      recipientId: 'ref_1',
    });
    expect(warning(1)).toMatchObject({ recipientType: 'office', recipientId: 'edilizia' });
    const w = warning(1);
    expect(digestIdFor(w, '2026-12-07')).toBe('dld_approaching_office_edilizia_edilizia_2026-12-07');
    expect(digestIdFor({ ...w, kind: 'DeadlineMissed' }, '2026-12-07')).not.toBe(
      digestIdFor(w, '2026-12-07'),
    );
    expect(digestIdFor(w, '2026-12-08')).not.toBe(digestIdFor(w, '2026-12-07'));
  });

  it('is due once the group is quiet, or its oldest warning waited too long', () => {
    const o = { quietMs: 10 * 60_000, maxWaitMs: 60 * 60_000 };
    const burst = [warning(1, { min: 0 }), warning(2, { min: 5 })];
    expect(digestDue(burst, at(10), o)).toBe(false);
    expect(digestDue(burst, at(15), o)).toBe(true);
    // a trickle that never settles still goes out after the longest wait
    const trickle = Array.from({ length: 13 }, (_, i) => warning(i, { min: i * 5 }));
    expect(digestDue(trickle, at(60), o)).toBe(true);
    expect(digestDue([], at(600), o)).toBe(false);
  });

  it('property: every waiting procedure is in exactly one digest of its group, once, sorted by due date', () => {
    const arb = fc.array(
      fc.record({
        i: fc.integer({ min: 1, max: 30 }),
        kind: fc.constantFrom<DeadlineKind>('DeadlineApproaching', 'DeadlineMissed'),
        office: fc.constantFrom('edilizia', 'tributi'),
        responsible: fc.constantFrom(undefined, 'ref_a', 'ref_b'),
        dueDay: fc.integer({ min: 1, max: 28 }),
        min: fc.integer({ min: 0, max: 300 }),
      }),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const all = specs.map((s) =>
          warning(s.i, {
            kind: s.kind,
            office: s.office,
            ...(s.responsible ? { responsible: s.responsible } : {}),
            due: `2026-12-${String(s.dueDay).padStart(2, '0')}T22:59:59.999Z`,
            min: s.min,
          }),
        );
        // the store keeps a warning once by its id (the first one recorded)
        const ws = [...new Map(all.reverse().map((w) => [w.id, w])).values()];
        const digests = groupWarnings(ws).map((g) => claimDigest(g, '2026-12-07', at(400)));
        // one digest per group and day
        expect(new Set(digests.map((d) => d.id)).size).toBe(digests.length);
        for (const d of digests) {
          const ids = d.items.map((i) => i.procedureId);
          expect(new Set(ids).size).toBe(ids.length); // a procedure once per digest
          const dues = d.items.map((i) => Date.parse(i.dueAt));
          expect(dues).toEqual([...dues].sort((a, b) => a - b));
        }
        // every warning is in the digest of its own group, and the digests list exactly the waiting procedures
        for (const w of ws) {
          const mine = digests.filter((d) => d.warningIds.includes(w.id));
          expect(mine).toHaveLength(1);
          expect(mine[0]).toMatchObject({ kind: w.kind, recipientId: w.recipientId, officeId: w.officeId });
          expect(mine[0].items.map((i) => i.procedureId)).toContain(w.procedureId);
        }
        // reported warnings wait for nothing
        expect(groupWarnings(ws.map((w) => ({ ...w, reportedIn: 'x' })))).toEqual([]);
      }),
    );
  });

  it('the e-mail lists each procedure by protocol number, type name and Italian due date, earliest first', () => {
    const group = [
      warning(12, { due: '2026-12-14T22:59:59.999Z' }),
      warning(11, { due: '2026-12-11T22:59:59.999Z' }),
      warning(12, { due: '2026-12-14T22:59:59.999Z', min: 3 }),
    ];
    const d = claimDigest(group, '2026-12-07', at(30));
    const m = renderNotification(
      {
        template: 'procedure_deadlines_approaching',
        recipientType: 'office',
        facts: { procedures: d.items },
      },
      { now: at(30) },
    );
    expect(m.subject).toBe('Promemoria: 2 procedimenti in scadenza');
    expect(m.text).toContain('2 procedimenti del suo ufficio sono in scadenza:');
    const first = m.text.indexOf(
      "prot. n. 2026/0000011, Permesso di costruire: scade l'11 dicembre 2026 (tra 4 giorni)",
    );
    const second = m.text.indexOf(
      'prot. n. 2026/0000012, Permesso di costruire: scade il 14 dicembre 2026 (tra 7 giorni)',
    );
    if (first < 0) throw new Error(m.text);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(m.text).not.toMatch(/prc_|PDC/);
    const missed = renderNotification(
      {
        template: 'procedure_deadlines_missed',
        recipientType: 'referent',
        facts: { procedures: [d.items[0]] },
      },
      { now: at(30) },
    );
    expect(missed.subject).toBe('Procedimento con termine scaduto: prot. n. 2026/0000011');
    expect(missed.text).toContain("termine scaduto l'11 dicembre 2026");
  });
});
