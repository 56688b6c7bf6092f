import type { Actor } from '@urp/kernel';
import { authorizeTypeChange } from '../catalogue/procedure-type.use-cases';
import { at, facts, REFERENT, refusal, started, typeOf } from './procedure.fixtures';
import { forReader, RESERVED_TEXT } from './procedure.need-to-know';
import { checkReceiptDay, decide, submit } from './procedure.rules';
import { sendRejectionNotice, suspend } from './procedure.suspensions';

/**
 * Review findings 1, 3 and 4 (wave 11): dates are not the caller's word, the catalogue does not override office
 * scope, and the officers' words on a procedure are read only by who may act on it.
 */
const referent: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
const otherOffice: Actor = { sub: 'ref-9', roles: ['referent', 'manager'], offices: ['tributi'] };
const operator: Actor = { sub: 'op-1', roles: ['operator'], offices: ['urp'] };
const analyst: Actor = { sub: 'an-1', roles: ['analyst'] };
const admin: Actor = { sub: 'adm-1', roles: ['admin'] };

describe('dates are not the caller’s word (finding 1)', () => {
  it('a receipt before today is an administrator’s: the desk registers today’s applications', () => {
    const today = at('2026-03-20T10:00:00Z', REFERENT);
    expect(refusal(() => checkReceiptDay('input.receivedAt', '2026-02-01T09:00:00+01:00', today))).toEqual({
      'input.receivedAt': expect.stringMatching(/solo un amministratore/),
    });
    expect(() => checkReceiptDay('input.receivedAt', '2026-03-20T08:00:00+01:00', today)).not.toThrow();
    // a paper application registered later with its protocol date: through an administrator
    expect(() =>
      checkReceiptDay('input.receivedAt', '2026-02-01T09:00:00+01:00', at('2026-03-20T10:00:00Z', admin)),
    ).not.toThrow();
  });

  it('every act is dated today unless an administrator records it: decision, suspension, 10-bis notice', () => {
    const p = started();
    const now = at('2026-01-20T10:00:00Z', REFERENT);
    expect(
      refusal(() =>
        decide(p, { outcome: 'accepted', reasons: 'Requisiti presenti', on: '2026-01-10' }, 'r', now),
      ),
    ).toEqual({
      'input.on': expect.stringMatching(/solo un amministratore/),
    });
    expect(
      refusal(() => sendRejectionNotice(p, 'ISEE oltre la soglia del bando', 's1', '2026-01-12', 'r', now)),
    ).toEqual({
      on: expect.stringMatching(/solo un amministratore/),
    });
    expect(
      refusal(() =>
        suspend(
          p,
          { id: 's1', kind: 'document_request', reason: 'Planimetria', start: '2026-01-15' },
          'r',
          now,
        ),
      ),
    ).toEqual({ 'input.start': expect.stringMatching(/solo un amministratore/) });
    // today's date, given or not, passes; an administrator records a past act
    expect(
      decide(p, { outcome: 'accepted', reasons: 'Requisiti presenti', on: '2026-01-20' }, 'r', now).state
        .decision?.decidedOn,
    ).toBe('2026-01-20');
    const past = decide(
      p,
      { outcome: 'accepted', reasons: 'Requisiti presenti', on: '2026-01-10' },
      'r',
      at('2026-01-20T10:00:00Z', admin),
    );
    expect(past.state.decision?.decidedOn).toBe('2026-01-10');
  });
});

describe('the catalogue does not override office scope (finding 3)', () => {
  const type = { officeId: 'servizi_sociali', substituteId: 'seg-gen' };
  const head: Actor = { sub: 'mgr-1', roles: ['manager'], offices: ['servizi_sociali'] };
  const urpHead: Actor = { sub: 'mgr-paolo', roles: ['manager'], offices: ['urp'] };

  it('a manager edits the types of their own office only', () => {
    expect(() => authorizeTypeChange(head, type, type)).not.toThrow();
    expect(() => authorizeTypeChange(urpHead, type, type)).toThrow(/non consentita/);
  });

  it('moving a type to another office or naming its substitute is an administrator’s', () => {
    expect(() => authorizeTypeChange(head, type, { ...type, officeId: 'urp' })).toThrow(/non consentita/);
    expect(() => authorizeTypeChange(head, type, { ...type, substituteId: 'mgr-1' })).toThrow(
      /non consentita/,
    );
    expect(() => authorizeTypeChange(admin, type, { officeId: 'urp', substituteId: 'mgr-1' })).not.toThrow();
  });
});

describe('officers’ words are need-to-know (finding 4)', () => {
  const reasons = 'Il richiedente è in cura presso il Sert e ha debiti con il Comune';
  const noticed = () => {
    const p = started(typeOf(), '2026-01-07T10:00:00+01:00', '2026-01-08T10:00:00Z');
    const s = suspend(
      p,
      { id: 's1', kind: 'document_request', reason: 'Certificato del medico curante' },
      'r',
      at('2026-01-08T10:00:00Z', REFERENT),
    ).state;
    return sendRejectionNotice(s, reasons, 's2', undefined, 'r', at('2026-01-08T11:00:00Z', REFERENT)).state;
  };

  it('the office’s casework roles and an administrator read the reasons as written', () => {
    const p = noticed();
    for (const who of [referent, admin]) {
      const seen = forReader(p, who);
      expect(seen.rejectionNotice?.reasons).toBe(reasons);
      expect(seen.suspensions.map((s) => s.reason)).toContain('Certificato del medico curante');
    }
  });

  it('analysts, operators and other offices read that the acts happened, never their text', () => {
    const p = noticed();
    for (const who of [analyst, operator, otherOffice]) {
      const seen = forReader(p, who);
      expect(seen.rejectionNotice).toMatchObject({
        reasons: RESERVED_TEXT,
        sentOn: p.rejectionNotice!.sentOn,
      });
      expect(seen.suspensions.map((s) => s.reason)).toEqual([RESERVED_TEXT, RESERVED_TEXT]);
      expect(seen.documents).toEqual([]);
      const text = JSON.stringify(seen);
      expect(text).not.toContain('Sert');
      expect(text).not.toContain('medico curante');
      expect(seen.timeline).toHaveLength(p.timeline.length);
    }
    // the stored procedure is not changed
    expect(p.rejectionNotice?.reasons).toBe(reasons);
  });

  it('a decision’s reasons and the answer to the observations likewise', () => {
    const p = submit(typeOf(), facts('2026-01-07T10:00:00+01:00'), at('2026-01-08T10:00:00Z')).state;
    const d = decide(
      p,
      { outcome: 'accepted', reasons: 'Invalidità civile accertata al 100%' },
      'r',
      at('2026-01-09T10:00:00Z', REFERENT),
    ).state;
    expect(forReader(d, analyst).decision).toMatchObject({ outcome: 'accepted', reasons: RESERVED_TEXT });
    expect(JSON.stringify(forReader(d, analyst))).not.toContain('Invalidità');
    expect(forReader(d, referent).decision?.reasons).toBe('Invalidità civile accertata al 100%');
  });
});
