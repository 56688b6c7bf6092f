import { defaultChannel, preferredChannels } from './channels';

const none = { email: '', pec: '', phone: '', fiscalCode: '' };

describe('the channels offered for a new requester', () => {
  it('offers only the channels the desk has data for, e-mail first', () => {
    expect(preferredChannels(none)).toEqual([]);
    expect(preferredChannels({ ...none, phone: '+39 333 1234567' }).map((c) => c.value)).toEqual(['SMS']);
    expect(
      preferredChannels({
        email: 'anna@example.it',
        pec: 'anna@pec.example.it',
        phone: '333 1234567',
        fiscalCode: 'RSSMRA80A01H501U',
      }).map((c) => c.value),
    ).toEqual(['EMAIL', 'PEC', 'IO', 'SMS']);
  });

  it('offers the App IO only for a whole fiscal code', () => {
    expect(preferredChannels({ ...none, fiscalCode: 'RSSMRA80' })).toEqual([]);
    expect(preferredChannels({ ...none, fiscalCode: 'RSSMRA80A01H501U' })).toEqual([
      { value: 'IO', label: 'App IO' },
    ]);
  });

  it('proposes e-mail, PEC or SMS before the operator chooses, never the App IO by itself', () => {
    const all = {
      email: 'a@example.it',
      pec: 'a@pec.example.it',
      phone: '333 1',
      fiscalCode: 'RSSMRA80A01H501U',
    };
    expect(defaultChannel(preferredChannels(all))).toBe('EMAIL');
    expect(defaultChannel(preferredChannels({ ...all, email: '' }))).toBe('PEC');
    expect(defaultChannel(preferredChannels({ ...none, phone: '333 1', fiscalCode: all.fiscalCode }))).toBe(
      'SMS',
    );
    expect(defaultChannel(preferredChannels({ ...none, fiscalCode: all.fiscalCode }))).toBeUndefined();
  });
});
