import {
  addressFor,
  anonymise,
  isDueForAnonymisation,
  newRequesterId,
  preferredAddress,
  recipientOf,
  RequesterInput,
  retainUntil,
  type Requester,
} from './requester.rules';
import { uniqueFiscalCode } from '@urp/testing';
import { fiscalCodeCheckCharacter } from '@urp/privacy';

const t0 = new Date('2026-01-10T10:00:00Z');
const mario: Requester = {
  id: 'req_abcdef123',
  revision: 0,
  kind: 'person',
  name: 'Mario Rossi',
  fiscalCode: 'RSSMRA80A01H501U',
  email: 'mario@example.it',
  phone: '+39 333 1234567',
  preferredChannel: 'email',
  consents: [{ purpose: 'newsletter', channel: 'email', given: true, at: t0 }],
  isStaff: false,
  area: 'centro_storico',
  createdAt: t0,
  updatedAt: t0,
  lastActivityAt: t0,
};

describe('requester rules', () => {
  it('pseudonymous ids match the contract and carry nothing of the person', () => {
    const id = newRequesterId();
    expect(id).toMatch(/^req_[A-Za-z0-9_-]{6,64}$/);
    expect(newRequesterId()).not.toBe(id);
  });

  it('validates personal data field by field', () => {
    const r = RequesterInput.safeParse({
      kind: 'person',
      fiscalCode: 'XYZ',
      email: 'nope',
      preferredChannel: 'pec',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'email',
      'fiscalCode',
      'name',
      'preferredChannel',
    ]);
    expect(RequesterInput.safeParse({ kind: 'anonymous', name: 'Mario' }).success).toBe(false);
    expect(RequesterInput.safeParse({ kind: 'anonymous' }).success).toBe(true);
  });

  it('refuses a fiscal code whose check character does not match, omocodia included', () => {
    const error = (fiscalCode: string) =>
      RequesterInput.safeParse({ kind: 'person', name: 'Mario Rossi', fiscalCode }).error?.issues.map((i) => [
        i.path.join('.'),
        i.message,
      ]);
    // the Agenzia delle Entrate's example, typed in lower case with spaces around
    expect(error(' rssmra85t10a562s ')).toBeUndefined();
    // one character mistyped: the check character no longer matches
    expect(error('RSSMRA85T10A562T')).toEqual([
      [
        'fiscalCode',
        'non è un codice fiscale valido: l’ultimo carattere (di controllo) non corrisponde agli altri',
      ],
    ]);
    expect(error('RSSMRA85T10A563S')?.[0][0]).toBe('fiscalCode');
    // omocodia: 2 -> N, 6 -> S, with the check character computed again on the code as written
    expect(error('RSSMRA85T10A56NH')).toBeUndefined();
    expect(error('RSSMRA85T10A5SNT')).toBeUndefined();
    expect(error('RSSMRA85T10A56NS')?.[0][1]).toMatch(/carattere \(di controllo\)/);
    // a letter outside L-V where a digit stands, a day that does not exist, a month letter that is none
    expect(error('RSSMRA85T10A56AH')?.[0][1]).toBe('non è un codice fiscale o una partita IVA');
    expect(error('RSSMRA85T35A562' + fiscalCodeCheckCharacter('RSSMRA85T35A562'))?.[0][1]).toMatch(/giorno/);
    expect(error('RSSMRA85F10A562' + fiscalCodeCheckCharacter('RSSMRA85F10A562'))?.[0][1]).toBe(
      'non è un codice fiscale o una partita IVA',
    );
    // a body's or company's 11 digits
    expect(error('01234567890')).toBeUndefined();
    // the codes the tests, benches and the demo invent pass
    for (let i = 0; i < 200; i++) expect(error(uniqueFiscalCode())).toBeUndefined();
  });

  it('retention per record type', () => {
    expect(retainUntil('person', t0)!.toISOString()).toBe('2031-01-08T23:00:00.000Z'); // 9 Jan 2031, Rome
    expect(retainUntil('company', t0)!.getTime()).toBeGreaterThan(retainUntil('person', t0)!.getTime());
    expect(retainUntil('public_body', t0)).toBeUndefined();
    expect(isDueForAnonymisation({ retainUntil: t0 }, new Date('2026-01-10T10:00:01Z'))).toBe(true);
    expect(isDueForAnonymisation({ retainUntil: t0, anonymisedAt: t0 }, new Date('2027-01-01'))).toBe(false);
  });

  it('anonymisation erases the person and keeps the statistics', () => {
    const a = anonymise(mario, new Date('2031-02-01T00:00:00Z'), 'retention');
    for (const f of ['name', 'fiscalCode', 'email', 'phone', 'pec', 'postalAddress'])
      expect(a).not.toHaveProperty(f);
    expect(a).toMatchObject({
      id: mario.id,
      kind: 'person',
      area: 'centro_storico',
      isStaff: false,
      anonymisedReason: 'retention',
      consents: [],
    });
  });

  it('addresses per channel (IO: the fiscal code of a person)', () => {
    expect(addressFor(mario, 'email')).toBe('mario@example.it');
    expect(addressFor(mario, 'io')).toBe('RSSMRA80A01H501U');
    expect(addressFor(mario, 'pec')).toBeUndefined();
  });

  it('who notifications go to: the preferred channel, else the first with an address, never anonymised', () => {
    expect(recipientOf(mario)).toEqual({ requesterId: mario.id, channel: 'email' });
    expect(recipientOf({ ...mario, preferredChannel: 'letter' })).toEqual({
      requesterId: mario.id,
      channel: 'letter',
    });
    const onlyEmail: Requester = {
      ...mario,
      kind: 'company',
      fiscalCode: undefined,
      phone: undefined,
      preferredChannel: undefined,
    };
    expect(recipientOf(onlyEmail)).toEqual({ requesterId: mario.id, channel: 'email' });
    expect(recipientOf({ ...onlyEmail, pec: 'ditta@pec.it' })).toEqual({
      requesterId: mario.id,
      channel: 'pec',
    });
    expect(recipientOf({ ...onlyEmail, email: undefined, phone: '+39 333 1234567' })).toEqual({
      requesterId: mario.id,
      channel: 'sms',
    });
    expect(recipientOf({ ...onlyEmail, email: undefined })).toBeUndefined();
    expect(recipientOf(anonymise(mario, t0, 'request'))).toBeUndefined();
    expect(recipientOf({ ...onlyEmail, anonymisedAt: t0 })).toBeUndefined();
  });

  it('the preferred address: the chosen channel when it has an address, else PEC, e-mail, IO, SMS', () => {
    expect(preferredAddress(mario)).toEqual({ channel: 'email', address: 'mario@example.it' });
    expect(preferredAddress({ ...mario, preferredChannel: 'sms' })).toEqual({
      channel: 'sms',
      address: '+39 333 1234567',
    });
    // preferred PEC but none: PEC first in the order is skipped, then e-mail
    expect(preferredAddress({ ...mario, preferredChannel: 'pec' })).toEqual({
      channel: 'email',
      address: 'mario@example.it',
    });
    expect(preferredAddress({ ...mario, pec: 'mario@pec.it', preferredChannel: undefined })).toEqual({
      channel: 'pec',
      address: 'mario@pec.it',
    });
    // a letter is not delivered by the platform: the order decides
    expect(
      preferredAddress({
        ...mario,
        email: undefined,
        preferredChannel: 'letter',
        postalAddress: 'Via Roma 1',
      }),
    ).toEqual({ channel: 'io', address: 'RSSMRA80A01H501U' });
    // IO only for persons
    expect(
      preferredAddress({ ...mario, kind: 'company', email: undefined, preferredChannel: undefined }),
    ).toEqual({ channel: 'sms', address: '+39 333 1234567' });
    expect(
      preferredAddress({ ...mario, kind: 'company', email: undefined, phone: undefined }),
    ).toBeUndefined();
  });
});
