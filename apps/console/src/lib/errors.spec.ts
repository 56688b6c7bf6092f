import { csvHref, toCsv } from './csv';
import { fieldError, fieldMessageIt, messageIt, toApiError } from './errors';

describe('API errors in Italian', () => {
  it('turns zod messages into Italian, per field', () => {
    expect(fieldMessageIt('Too small: expected string to have >=1 characters')).toBe('Campo obbligatorio.');
    expect(fieldMessageIt('Too big: expected string to have <=200 characters')).toBe(
      'Troppo lungo: al massimo 200 caratteri.',
    );
    expect(fieldMessageIt('Invalid input: expected string, received undefined')).toBe('Campo obbligatorio.');
    expect(fieldMessageIt('unknown or inactive referent: ref-x')).toBe('Referente sconosciuto o non attivo.');
    expect(fieldMessageIt("un'email ha bisogno di un oggetto")).toBe("Un'email ha bisogno di un oggetto.");
    expect(fieldMessageIt('Invalid email address')).toBe('Indirizzo email non valido.');
    expect(fieldMessageIt('il titolo deve avere almeno 3 caratteri')).toBe(
      'Il titolo deve avere almeno 3 caratteri.',
    );
  });

  it('keeps each field error under its own name, without the input. prefix', () => {
    const e = toApiError([
      {
        message: 'invalid input: subject: Too small',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: {
            subject: 'Too small: expected string to have >=1 characters',
            'content.title': 'Too big: expected string to have <=120 characters',
          },
        },
      },
    ]);
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(fieldError(e.fields, 'subject')).toBe('Campo obbligatorio.');
    expect(fieldError(e.fields, 'content.title')).toBe('Troppo lungo: al massimo 120 caratteri.');
    expect(fieldError(e.fields, 'title')).toBe('Troppo lungo: al massimo 120 caratteri.');
    expect(fieldError(e.fields, 'text')).toBeUndefined();
    expect(e.message).toMatch(/conservato/);
  });

  it('shows the refusal of a second requester with the same fiscal code next to the field, as contacts says it', () => {
    const e = toApiError([
      {
        message: 'invalid input',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: {
            'input.fiscalCode':
              'esiste già un richiedente con questo codice fiscale: lo cerchi per codice fiscale e registri il contatto a suo nome',
          },
        },
      },
    ]);
    expect(fieldError(e.fields, 'fiscalCode')).toBe(
      'Esiste già un richiedente con questo codice fiscale: lo cerchi per codice fiscale e registri il contatto a suo nome.',
    );
    // a malformed code is still "non valido"
    expect(fieldMessageIt('non è un codice fiscale o una partita IVA')).toBe('Codice fiscale non valido.');
  });

  it('explains the four-eyes refusal', () => {
    expect(
      messageIt({
        message: 'the approver must be someone other than the author and the submitter',
        extensions: { code: 'FORBIDDEN' },
      }),
    ).toMatch(/quattro occhi/);
    expect(
      messageIt({
        message: 'Quattro occhi: chi approva deve essere diverso da chi ha scritto la revisione',
        extensions: { code: 'FORBIDDEN' },
      }),
    ).toBe('Quattro occhi: chi approva deve essere diverso da chi ha scritto la revisione.');
  });
});

describe('CSV of a chart', () => {
  it('quotes what needs quoting (RFC 4180) and starts with a BOM for spreadsheets', () => {
    const csv = toCsv(
      ['Ufficio', 'Aperte'],
      [
        ['Tributi, IMU', 3],
        ['"URP"', 0],
      ],
    );
    expect(csv).toBe('Ufficio,Aperte\r\n"Tributi, IMU",3\r\n"""URP""",0\r\n');
    expect(decodeURIComponent(csvHref(csv).split(',').slice(1).join(','))).toBe('\ufeff' + csv);
  });
});
