import { messageOutcome, normaliseMsisdn, parseDeliveryReceipt, splitSms, type SmsPartReceipt } from './smpp';

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

  it('a concatenated message: delivered when every part is, failed at the first part that fails', () => {
    const part = (n: number, stat: string, at = `2026-12-02T09:3${n}:00.000Z`): SmsPartReceipt => ({
      part: n,
      messageId: `p${n}`,
      stat,
      err: stat === 'DELIVRD' ? '000' : '001',
      at,
    });
    expect(messageOutcome('p1', 3, [])).toBeNull();
    expect(messageOutcome('p1', 3, [part(1, 'DELIVRD'), part(3, 'DELIVRD')])).toBeNull();
    expect(messageOutcome('p1', 3, [part(2, 'ACCEPTD'), part(1, 'DELIVRD'), part(3, 'DELIVRD')])).toBeNull();
    const all = messageOutcome('p1', 3, [part(3, 'DELIVRD'), part(1, 'DELIVRD'), part(2, 'DELIVRD')]);
    // under the first part's id, at the time of the last receipt, with every part in order
    expect(all).toMatchObject({
      messageId: 'p1',
      stat: 'DELIVRD',
      err: '000',
      at: '2026-12-02T09:33:00.000Z',
    });
    expect(all?.parts?.map((p) => p.messageId)).toEqual(['p1', 'p2', 'p3']);
    for (const stat of ['UNDELIV', 'REJECTD', 'EXPIRED', 'DELETED', 'UNKNOWN'])
      expect(messageOutcome('p1', 3, [part(1, 'DELIVRD'), part(2, stat)])).toMatchObject({
        messageId: 'p1',
        stat,
        err: '001',
      });
  });
});
