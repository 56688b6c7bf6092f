import { normaliseMsisdn, parseDeliveryReceipt, splitSms } from './smpp';

describe('SMPP helpers', () => {
  it('numbers: international form, Italian mobiles completed, junk refused', () => {
    expect(normaliseMsisdn('+39 333 123 4567')).toBe('393331234567');
    expect(normaliseMsisdn('3331234567')).toBe('393331234567');
    expect(normaliseMsisdn('0039 333 1234567')).toBe('393331234567');
    expect(normaliseMsisdn('abc')).toBeNull();
    expect(normaliseMsisdn('+39 12')).toBeNull();
  });

  it('GSM 03.38 up to 160 in one part, 153 per part beyond; UCS-2 when a character is not GSM', () => {
    expect(splitSms('a'.repeat(160))).toEqual({ dataCoding: 0, parts: ['a'.repeat(160)] });
    const two = splitSms('è'.repeat(200));
    expect(two.dataCoding).toBe(0);
    expect(two.parts.map((p) => p.length)).toEqual([153, 47]);
    const ucs = splitSms('’'.repeat(71));
    expect(ucs.dataCoding).toBe(8);
    expect(ucs.parts.map((p) => p.length)).toEqual([67, 4]);
    // '€' takes two GSM octets (escape)
    expect(splitSms('€'.repeat(81)).parts).toHaveLength(2);
  });

  it('delivery receipts: the appendix B text or the TLVs; anything else is not a receipt', () => {
    const r = parseDeliveryReceipt({
      esm_class: 0x04,
      short_message: {
        message:
          'id:7f3a sub:001 dlvrd:001 submit date:2612020930 done date:2612020931 stat:DELIVRD err:000 text:Comune',
      },
    });
    expect(r).toEqual({ messageId: '7f3a', stat: 'DELIVRD', err: '000', at: '2026-12-02T09:31:00.000Z' });
    expect(
      parseDeliveryReceipt({
        esm_class: 0x04,
        receipted_message_id: 'abc',
        message_state: 5,
        short_message: '',
      }),
    ).toMatchObject({ messageId: 'abc', stat: 'UNDELIV' });
    expect(parseDeliveryReceipt({ esm_class: 0, short_message: 'id:1 stat:DELIVRD' })).toBeNull();
  });
});
