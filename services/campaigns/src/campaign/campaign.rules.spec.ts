import { DomainError, type UseCaseContext } from '@urp/kernel';
import fc from 'fast-check';
import { checkBlackout, type BlackoutPeriod } from './blackout.rules';
import {
  actOnCampaign,
  createCampaign,
  editCampaign,
  isEditable,
  launchCampaign,
  nextStatus,
  stepDueTimes,
  type ActCommand,
  type Campaign,
  type CampaignAction,
  type CampaignStatus,
} from './campaign.rules';
import { readability } from './readability.rules';

const at = new Date('2026-11-02T09:00:00+01:00');
const ctxOf = (sub: string): UseCaseContext => ({
  actor: { sub, roles: ['backoffice'] },
  now: at,
  source: '/urp/campaigns',
});
const content = {
  title: 'TARI 2027',
  goal: 'Meno telefonate sulla scadenza della TARI',
  topics: ['tributi'],
  sheetIds: [],
  segment: {},
  steps: [
    {
      stepId: 's1',
      channel: 'email' as const,
      waitHours: 0,
      subject: 'TARI',
      body: 'La TARI scade il 16 giugno.',
      links: [],
    },
  ],
  startsAt: new Date('2026-12-01T09:00:00+01:00'),
};
const draftBy = (author: string): Campaign => createCampaign('cmp_1', content, ctxOf(author)).state;
const act = (c: Campaign, action: ActCommand['action'], by: string) =>
  actOnCampaign(c, { action, blackouts: [], totals: { sent: 0, bounced: 0 } }, ctxOf(by)).state;

describe('campaign life cycle', () => {
  it('walks the whole happy path', () => {
    const path: [CampaignAction, CampaignStatus][] = [
      ['submit', 'in_approval'],
      ['approve', 'approved'],
      ['schedule', 'scheduled'],
      ['launch', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['complete', 'completed'],
      ['archive', 'archived'],
    ];
    let s: CampaignStatus = 'draft';
    for (const [action, to] of path) {
      s = nextStatus(s, action);
      expect(s).toBe(to);
    }
  });

  it('refuses the author approving their own campaign (four eyes)', () => {
    const submitted = act(draftBy('bruno'), 'submit', 'bruno');
    expect(() => act(submitted, 'approve', 'bruno')).toThrow(/quattro occhi/);
    expect(act(submitted, 'approve', 'anna').status).toBe('approved');
  });

  it('refuses approval by a colleague who edited or submitted the version (four eyes, not only the creator)', () => {
    const edited = editCampaign(
      draftBy('bruno'),
      { ...content, title: 'TARI 2027: scadenze' },
      ctxOf('carla'),
    ).state;
    const submitted = act(edited, 'submit', 'dario');
    expect(() => act(submitted, 'approve', 'carla')).toThrow(DomainError);
    expect(() => act(submitted, 'approve', 'dario')).toThrow(DomainError);
    expect(act(submitted, 'approve', 'anna').approvedBy).toBe('anna');
  });

  it('a rejection clears no one: who submitted the text sent back still may not approve it', () => {
    const rejected = act(act(draftBy('bruno'), 'submit', 'carla'), 'reject', 'anna');
    const resubmitted = act(rejected, 'submit', 'dario');
    expect(() => act(resubmitted, 'approve', 'carla')).toThrow(/quattro occhi/);
    expect(() => act(resubmitted, 'approve', 'bruno')).toThrow(DomainError);
    expect(() => act(resubmitted, 'approve', 'dario')).toThrow(DomainError);
    expect(act(resubmitted, 'approve', 'anna').approvedBy).toBe('anna');
  });

  it('refuses the trial route: the writer withdraws his own submission, the creator resubmits, he approves', () => {
    const written = editCampaign(
      draftBy('paolo'),
      { ...content, title: 'Testo di marco' },
      ctxOf('marco'),
    ).state;
    const submitted = act(written, 'submit', 'marco');
    expect(() => act(submitted, 'approve', 'marco')).toThrow(/quattro occhi/);
    const withdrawn = act(submitted, 'reject', 'marco'); // a withdrawal: allowed, and it erases nothing
    expect(withdrawn.status).toBe('draft');
    const again = act(withdrawn, 'submit', 'paolo');
    expect(() => act(again, 'approve', 'marco')).toThrow(/quattro occhi/);
    expect(() => act(again, 'approve', 'paolo')).toThrow(/quattro occhi/);
    expect(act(again, 'approve', 'anna')).toMatchObject({ status: 'approved', approvedBy: 'anna' });
  });

  it('refuses every action from a status it does not start from, with CONFLICT', () => {
    expect(() => nextStatus('draft', 'launch')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => nextStatus('approved', 'pause')).toThrow(DomainError);
    expect(() => nextStatus('archived', 'submit')).toThrow(DomainError);
    expect(() => nextStatus('completed', 'resume')).toThrow(DomainError);
  });

  it('a rejected campaign goes back to draft, and only drafts are editable', () => {
    expect(nextStatus('in_approval', 'reject')).toBe('draft');
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('approved')).toBe(false);
    const approved = act(act(draftBy('bruno'), 'submit', 'bruno'), 'approve', 'anna');
    expect(() => editCampaign(approved, content, ctxOf('bruno'))).toThrow(/bozza/);
  });

  it('the approval event goes out once, with who approved; launch emits CampaignLaunched', () => {
    const submitted = act(draftBy('bruno'), 'submit', 'bruno');
    const approval = actOnCampaign(
      submitted,
      { action: 'approve', blackouts: [], totals: { sent: 0, bounced: 0 } },
      ctxOf('anna'),
    );
    expect(approval.events.map((e) => e.type)).toEqual(['it.urp.campaigns.CampaignApproved.v1']);
    const scheduled = act(approval.state, 'schedule', 'anna');
    expect(launchCampaign(scheduled, ctxOf('scheduler')).events[0].type).toBe(
      'it.urp.campaigns.CampaignLaunched.v1',
    );
  });

  it('property: any sequence of actions keeps the campaign in a known status and never skips approval', () => {
    const actions: (ActCommand['action'] | 'edit')[] = [
      'edit',
      'submit',
      'approve',
      'reject',
      'schedule',
      'unschedule',
      'pause',
      'resume',
      'complete',
      'archive',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...actions), fc.constantFrom('bruno', 'anna', 'carla')), {
          maxLength: 25,
        }),
        (steps) => {
          let c = draftBy('bruno');
          const writers = new Set(['bruno']); // a campaign is never edited after its approval
          for (const [action, by] of steps) {
            try {
              const next =
                action === 'edit'
                  ? editCampaign(c, { ...content, title: `${c.title} ${by}` }, ctxOf(by)).state
                  : act(c, action, by);
              if (action === 'edit' || action === 'submit') writers.add(by);
              if (action === 'approve') expect(writers.has(by)).toBe(false);
              if (next.status === 'approved' && c.status !== 'approved')
                expect(c.status === 'in_approval' || c.status === 'scheduled').toBe(true);
              c = next;
            } catch (e) {
              expect(e).toBeInstanceOf(DomainError);
            }
          }
          expect([
            'draft',
            'in_approval',
            'approved',
            'scheduled',
            'running',
            'paused',
            'completed',
            'archived',
          ]).toContain(c.status);
          // nothing reaches "scheduled" without someone other than its writers approving it
          if (['approved', 'scheduled'].includes(c.status)) expect(c.approvedBy).toBeDefined();
        },
      ),
    );
  });
});

describe('election blackout (L. 28/2000 art. 9)', () => {
  const periods: BlackoutPeriod[] = [
    { label: 'Comunali 2027', from: '2027-04-10T00:00:00+02:00', to: '2027-05-25T23:00:00+02:00' },
  ];
  const inside = [new Date('2027-05-01T09:00:00Z'), new Date('2027-05-10T09:00:00Z')] as const;

  it('lets campaigns outside the period through', () => {
    expect(checkBlackout(periods, new Date('2027-06-01'), new Date('2027-06-30'))).toEqual({
      ok: true,
      value: { periods: [], justified: false },
    });
  });

  it('refuses a campaign that touches the period without justification', () => {
    const d = checkBlackout(periods, new Date('2027-03-20'), new Date('2027-04-12'));
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error).toMatch(/L\. 28\/2000 art\. 9/);
  });

  it('needs it impersonal AND indispensable, with a reason', () => {
    expect(
      checkBlackout(periods, ...inside, { impersonal: true, indispensable: false, reason: 'x'.repeat(30) })
        .ok,
    ).toBe(false);
    expect(
      checkBlackout(periods, ...inside, { impersonal: true, indispensable: true, reason: 'perché sì' }).ok,
    ).toBe(false);
    const ok = checkBlackout(periods, ...inside, {
      impersonal: true,
      indispensable: true,
      reason: 'Scadenza di legge del pagamento TARI: senza avviso i cittadini pagano sanzioni.',
    });
    expect(ok).toEqual({ ok: true, value: { periods, justified: true } });
  });
});

describe('steps with waits', () => {
  it('computes each step from the previous one', () => {
    const due = stepDueTimes(new Date('2026-11-02T08:00:00Z'), [
      { waitHours: 0 },
      { waitHours: 24 * 7 },
      { waitHours: 48 },
    ]);
    expect(due.map((d) => d.toISOString())).toEqual([
      '2026-11-02T08:00:00.000Z',
      '2026-11-09T08:00:00.000Z',
      '2026-11-11T08:00:00.000Z',
    ]);
  });
});

describe('plain language: Gulpease index', () => {
  it('follows the formula 89 + (300·sentences − 10·letters) / words', () => {
    // 2 sentences, 8 words, 30 letters: 89 + (600 − 300) / 8 = 126.5 → capped at 100
    expect(readability('Paga la TARI. Scade il sedici dicembre.').gulpease).toBe(100);
    const r = readability('Il pagamento della tassa sui rifiuti scade il sedici dicembre.');
    // 1 sentence, 10 words, 52 letters: 89 + (300 − 520) / 10 = 67
    expect(r).toMatchObject({ words: 10, sentences: 1, letters: 52, gulpease: 67, level: 'middle' });
  });

  it('flags bureaucratic language and long sentences', () => {
    const text =
      "Ai sensi della normativa vigente in materia di tributi locali, si comunica che il suddetto versamento dovrà essere effettuato entro e non oltre la data di scadenza prevista dall'amministrazione comunale competente per l'espletamento delle procedure di riscossione coattiva.";
    const r = readability(text);
    expect(r.gulpease).toBeLessThan(60);
    expect(r.suggestions.join(' ')).toMatch(/burocratico/);
    expect(r.suggestions.join(' ')).toMatch(/25 parole/);
  });
});
