import { deliveryId, eligibility, laterStatus, type RecipientState } from './audience.rules';

const at = '2026-10-01T10:00:00+02:00';
const consenting = (extra: Partial<RecipientState> = {}): RecipientState => ({
  id: 'req_aaaaaa',
  consents: { email_campaigns: { given: true, at, source: 'desk', topics: ['tributi'] } },
  ...extra,
});

describe('who may receive a campaign message', () => {
  it('needs the campaigns consent on the channel', () => {
    expect(eligibility(consenting(), {}, 'email')).toEqual({ eligible: true });
    expect(eligibility(consenting(), {}, 'sms')).toEqual({ eligible: false, reason: 'no_consent' });
    const withdrawn = consenting({
      consents: { email_campaigns: { given: false, at, source: 'unsubscribe_link' } },
    });
    expect(eligibility(withdrawn, {}, 'email')).toEqual({ eligible: false, reason: 'no_consent' });
  });

  it('the do-not-contact list always wins, even over a fresh consent', () => {
    const r = consenting({ doNotContact: { since: at, reason: 'request' } });
    expect(eligibility(r, {}, 'email')).toEqual({ eligible: false, reason: 'do_not_contact' });
  });

  it('an anonymised requester is dropped', () => {
    expect(eligibility(consenting({ anonymisedAt: at }), {}, 'email')).toEqual({
      eligible: false,
      reason: 'anonymised',
    });
  });

  it('matches subscribed topics (no topics subscribed = every topic)', () => {
    expect(eligibility(consenting(), { topics: ['tributi', 'ambiente'] }, 'email').eligible).toBe(true);
    expect(eligibility(consenting(), { topics: ['scuola'] }, 'email')).toEqual({
      eligible: false,
      reason: 'not_in_segment',
    });
    const all = consenting({ consents: { email_campaigns: { given: true, at, source: 'desk' } } });
    expect(eligibility(all, { topics: ['scuola'] }, 'email').eligible).toBe(true);
  });

  it('uses area and services used only with the consent to that use', () => {
    const r = consenting({ servicesUsed: ['tributi'] });
    expect(eligibility(r, { servicesUsed: ['tributi'] }, 'email').eligible).toBe(false);
    expect(eligibility(r, { areas: ['centro'] }, 'email').eligible).toBe(false);
    const consented = consenting({
      servicesUsed: ['tributi'],
      consents: {
        email_campaigns: { given: true, at, source: 'desk' },
        email_segment_services_used: { given: true, at, source: 'desk' },
        email_segment_area: { given: true, at, source: 'desk', area: 'centro' },
      },
    });
    expect(eligibility(consented, { servicesUsed: ['tributi'], areas: ['centro'] }, 'email').eligible).toBe(
      true,
    );
    expect(eligibility(consented, { areas: ['periferia_nord'] }, 'email').eligible).toBe(false);
  });
});

describe('de-duplication', () => {
  it('gives the same delivery id for the same campaign, step and recipient, and a different one otherwise', () => {
    const a = deliveryId('cmp_1', 'step_1', 'req_aaaaaa');
    expect(a).toBe(deliveryId('cmp_1', 'step_1', 'req_aaaaaa'));
    expect(a).toMatch(/^dlv_[0-9a-f]{32}$/);
    expect(
      new Set([
        a,
        deliveryId('cmp_1', 'step_2', 'req_aaaaaa'),
        deliveryId('cmp_2', 'step_1', 'req_aaaaaa'),
        deliveryId('cmp_1', 'step_1', 'req_bbbbbb'),
      ]).size,
    ).toBe(4);
    // no ambiguity from concatenation
    expect(deliveryId('cmp_1', 'step_12', 'req_x')).not.toBe(deliveryId('cmp_1step', '_12', 'req_x'));
  });

  it('never moves a delivery status backwards', () => {
    expect(laterStatus('clicked', 'opened')).toBe('clicked');
    expect(laterStatus('delivered', 'opened')).toBe('opened');
    expect(laterStatus('opened', 'unsubscribed')).toBe('unsubscribed');
  });
});
