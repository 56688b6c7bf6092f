import fc from 'fast-check';
import { FormField, FormFields, isValidDate, validateSubmission } from './index';

const f = (over: Partial<FormField> & Pick<FormField, 'name' | 'type'>): FormField =>
  FormField.parse({ label: over.name, required: false, order: 0, ...over });

describe('FormField schema', () => {
  it('accepts a well-formed field of each type', () => {
    for (const type of ['text', 'number', 'date', 'file'] as const) {
      expect(
        FormField.safeParse({ name: 'campo', label: 'Campo', type, required: true, order: 1 }).success,
      ).toBe(true);
    }
    for (const type of ['single_choice', 'multiple_choice'] as const) {
      expect(
        FormField.safeParse({
          name: 'scelta',
          label: 'Scelta',
          type,
          required: true,
          order: 1,
          options: ['a', 'b'],
        }).success,
      ).toBe(true);
    }
  });

  it.each([
    ['choice without options', { type: 'single_choice' }],
    ['options on a text field', { type: 'text', options: ['a'] }],
    ['duplicate options', { type: 'multiple_choice', options: ['a', 'a'] }],
    ['pattern on a number', { type: 'number', pattern: '\\d+' }],
    ['invalid pattern', { type: 'text', pattern: '([a-z' }],
    ['min greater than max', { type: 'number', min: 5, max: 1 }],
    ['min on a date', { type: 'date', min: 1 }],
    ['negative length', { type: 'text', min: -1 }],
    ['bad name', { type: 'text', name: 'Nome Cognome' }],
    ['negative order', { type: 'text', order: -1 }],
  ])('rejects %s', (_label, over) => {
    expect(
      FormField.safeParse({ name: 'campo', label: 'Campo', required: false, order: 0, ...over }).success,
    ).toBe(false);
  });

  it('gives Italian messages for a bad definition', () => {
    const r = FormField.safeParse({ name: 'x', label: 'X', type: 'single_choice', required: true, order: 0 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe('un campo a scelta richiede le opzioni');
  });

  it('FormFields rejects duplicate names', () => {
    const field = { name: 'a', label: 'A', type: 'text', required: false, order: 0 };
    expect(FormFields.safeParse([field, { ...field, order: 1 }]).success).toBe(false);
    expect(FormFields.safeParse([field, { ...field, name: 'b' }]).success).toBe(true);
  });
});

describe('validateSubmission', () => {
  it('accepts a complete valid submission', () => {
    const fields = [
      f({ name: 'nome', type: 'text', required: true, order: 1, min: 2, max: 50 }),
      f({ name: 'eta', type: 'number', order: 2, min: 0, max: 120 }),
      f({ name: 'data_nascita', type: 'date', required: true, order: 3 }),
      f({ name: 'canale', type: 'single_choice', options: ['email', 'pec'], order: 4 }),
      f({ name: 'servizi', type: 'multiple_choice', options: ['a', 'b', 'c'], order: 5, max: 2 }),
      f({ name: 'documento', type: 'file', order: 6, max: 1024 * 1024 }),
    ];
    const r = validateSubmission(fields, {
      nome: 'Maria',
      eta: 42,
      data_nascita: '1984-02-29',
      canale: 'pec',
      servizi: ['a', 'c'],
      documento: { name: 'ci.pdf', size: 2048, contentType: 'application/pdf' },
    });
    expect(r).toEqual({ ok: true, errors: [] });
  });

  describe('required', () => {
    const fields = [f({ name: 'nome', label: 'Nome', type: 'text', required: true })];
    it.each([undefined, null, '', '   ', []])('treats %p as missing', (value) => {
      expect(validateSubmission(fields, { nome: value })).toEqual({
        ok: false,
        errors: [{ field: 'nome', message: 'Il campo «Nome» è obbligatorio' }],
      });
    });
    it('an optional empty field is fine', () => {
      expect(validateSubmission([f({ name: 'note', type: 'text' })], { note: '' }).ok).toBe(true);
      expect(validateSubmission([f({ name: 'note', type: 'text' })], {}).ok).toBe(true);
    });
  });

  describe('text', () => {
    const fields = [
      f({ name: 'cf', label: 'Codice fiscale', type: 'text', min: 16, max: 16, pattern: '[A-Z0-9]+' }),
    ];
    it('checks type, length and pattern (whole value)', () => {
      expect(validateSubmission(fields, { cf: 123 }).errors[0].message).toBe(
        '«Codice fiscale»: deve essere un testo',
      );
      expect(validateSubmission(fields, { cf: 'ABC' }).errors[0].message).toBe(
        '«Codice fiscale»: almeno 16 caratteri (inseriti 3)',
      );
      expect(validateSubmission(fields, { cf: 'RSSMRA80A01H501UX' }).errors[0].message).toBe(
        '«Codice fiscale»: al massimo 16 caratteri (inseriti 17)',
      );
      expect(validateSubmission(fields, { cf: 'rssmra80a01h501u' }).errors[0].message).toBe(
        '«Codice fiscale»: formato non valido',
      );
      expect(validateSubmission(fields, { cf: 'RSSMRA80A01H501U' }).ok).toBe(true);
    });
    it('a pattern must match the whole value, not a part of it', () => {
      const cap = [f({ name: 'cap', type: 'text', pattern: '\\d{5}' })];
      expect(validateSubmission(cap, { cap: '00100' }).ok).toBe(true);
      expect(validateSubmission(cap, { cap: 'x00100x' }).ok).toBe(false);
    });
    it('counts characters, not UTF-16 units (accents, emoji)', () => {
      const short = [f({ name: 'sigla', type: 'text', max: 3 })];
      expect(validateSubmission(short, { sigla: 'àèì' }).ok).toBe(true);
      expect(validateSubmission(short, { sigla: '😀😀😀' }).ok).toBe(true);
    });
  });

  describe('number', () => {
    const fields = [f({ name: 'figli', label: 'Numero di figli', type: 'number', min: 0, max: 20 })];
    it.each([
      [3, true],
      ['3', true],
      ['2,5', true],
      ['-1', false],
      [21, false],
      ['tre', false],
      [Number.NaN, false],
      [Number.POSITIVE_INFINITY, false],
      [true, false],
    ])('%p → ok=%p', (value, ok) => {
      expect(validateSubmission(fields, { figli: value }).ok).toBe(ok);
    });
    it('says why in Italian', () => {
      expect(validateSubmission(fields, { figli: 'tre' }).errors[0].message).toBe(
        '«Numero di figli»: deve essere un numero',
      );
      expect(validateSubmission(fields, { figli: -1 }).errors[0].message).toBe(
        '«Numero di figli»: deve essere almeno 0',
      );
      expect(validateSubmission(fields, { figli: 25 }).errors[0].message).toBe(
        '«Numero di figli»: deve essere al massimo 20',
      );
    });
  });

  describe('date', () => {
    const fields = [f({ name: 'data', label: 'Data', type: 'date' })];
    it.each([
      ['2024-02-29', true],
      ['2023-02-29', false],
      ['2025-04-31', false],
      ['2025-13-01', false],
      ['01/02/2025', false],
      ['2025-11-27T10:00:00+01:00', true],
      ['2025-11-27T10:00:00Z', true],
      ['2025-11-27T10:00:00', false],
      [20251127, false],
    ])('%p → ok=%p', (value, ok) => {
      expect(validateSubmission(fields, { data: value }).ok).toBe(ok);
    });
    it('says why in Italian', () => {
      expect(validateSubmission(fields, { data: '31/12/2025' }).errors[0].message).toBe(
        '«Data»: inserire una data valida (AAAA-MM-GG)',
      );
    });
    it('isValidDate agrees with the calendar for every day of a leap and a common year', () => {
      for (const year of [2024, 2025]) {
        const start = Date.UTC(year, 0, 1);
        for (let d = 0; d < 366; d++) {
          const day = new Date(start + d * 86_400_000);
          if (day.getUTCFullYear() !== year) break;
          expect(isValidDate(day.toISOString().slice(0, 10))).toBe(true);
        }
      }
    });
  });

  describe('single choice', () => {
    const fields = [f({ name: 'canale', label: 'Canale', type: 'single_choice', options: ['email', 'pec'] })];
    it('accepts only one of the options', () => {
      expect(validateSubmission(fields, { canale: 'pec' }).ok).toBe(true);
      expect(validateSubmission(fields, { canale: 'fax' }).errors[0].message).toBe(
        '«Canale»: valore non ammesso: «fax»',
      );
      expect(validateSubmission(fields, { canale: ['pec'] }).errors[0].message).toBe(
        '«Canale»: selezionare una sola opzione',
      );
      expect(validateSubmission(fields, { canale: 'PEC' }).ok).toBe(false);
    });
  });

  describe('multiple choice', () => {
    const fields = [
      f({
        name: 'giorni',
        label: 'Giorni',
        type: 'multiple_choice',
        options: ['lun', 'mar', 'mer'],
        min: 1,
        max: 2,
      }),
    ];
    it('checks options, duplicates and how many', () => {
      expect(validateSubmission(fields, { giorni: ['lun'] }).ok).toBe(true);
      expect(validateSubmission(fields, { giorni: 'lun' }).errors[0].message).toBe(
        '«Giorni»: selezionare una o più opzioni',
      );
      expect(validateSubmission(fields, { giorni: ['lun', 'dom', 'sab'] }).errors[0].message).toBe(
        '«Giorni»: valori non ammessi: «dom», «sab»',
      );
      expect(validateSubmission(fields, { giorni: ['lun', 'lun'] }).errors[0].message).toBe(
        '«Giorni»: la stessa opzione è selezionata più volte',
      );
      expect(validateSubmission(fields, { giorni: ['lun', 'mar', 'mer'] }).errors[0].message).toBe(
        '«Giorni»: selezionare al massimo 2 opzioni',
      );
      expect(validateSubmission(fields, { giorni: [1] }).ok).toBe(false);
    });
    it('min counts selections', () => {
      const two = [f({ name: 'x', type: 'multiple_choice', options: ['a', 'b', 'c'], min: 2 })];
      expect(validateSubmission(two, { x: ['a'] }).errors[0].message).toBe(
        '«x»: selezionare almeno 2 opzioni',
      );
    });
  });

  describe('file', () => {
    const fields = [f({ name: 'allegato', label: 'Allegato', type: 'file', max: 5 * 1024 * 1024 })];
    it('accepts an upload reference or a descriptor within the size limit', () => {
      expect(validateSubmission(fields, { allegato: 'upl_123' }).ok).toBe(true);
      expect(validateSubmission(fields, { allegato: { name: 'a.pdf', size: 1000 } }).ok).toBe(true);
    });
    it('rejects what is not a file and files too large', () => {
      expect(validateSubmission(fields, { allegato: { name: '', size: 1 } }).errors[0].message).toBe(
        '«Allegato»: allegare un file valido',
      );
      expect(validateSubmission(fields, { allegato: 42 }).ok).toBe(false);
      expect(validateSubmission(fields, { allegato: { name: 'a.pdf', size: -1 } }).ok).toBe(false);
      expect(
        validateSubmission(fields, { allegato: { name: 'a.pdf', size: 6 * 1024 * 1024 } }).errors[0].message,
      ).toBe('«Allegato»: il file supera la dimensione massima di 5 MB');
    });
    it('checks a minimum size', () => {
      const min = [f({ name: 'foto', type: 'file', min: 1024 })];
      expect(validateSubmission(min, { foto: { name: 'f.jpg', size: 10 } }).errors[0].message).toBe(
        '«foto»: il file deve pesare almeno 1 KB',
      );
    });
  });

  describe('unknown fields', () => {
    it('reports every key the form does not define, after the field errors', () => {
      const fields = [f({ name: 'nome', label: 'Nome', type: 'text', required: true })];
      expect(validateSubmission(fields, { zeta: 1, alfa: 'x' })).toEqual({
        ok: false,
        errors: [
          { field: 'nome', message: 'Il campo «Nome» è obbligatorio' },
          { field: 'alfa', message: 'Il campo «alfa» non è previsto dal modulo' },
          { field: 'zeta', message: 'Il campo «zeta» non è previsto dal modulo' },
        ],
      });
    });
  });

  it('reports errors in the order of the form, one per field', () => {
    const fields = [
      f({ name: 'b', type: 'text', required: true, order: 2 }),
      f({ name: 'a', type: 'text', required: true, order: 1 }),
    ];
    expect(validateSubmission(fields, {}).errors.map((e) => e.field)).toEqual(['a', 'b']);
  });

  it('refuses a submission that is not an object', () => {
    expect(validateSubmission([], null as unknown as Record<string, unknown>).ok).toBe(false);
    expect(validateSubmission([], [] as unknown as Record<string, unknown>).ok).toBe(false);
  });

  it('never throws, and ok is exactly "no errors", for any input (property)', () => {
    const fields = [
      f({ name: 't', type: 'text', required: true, min: 1, max: 10, pattern: '[a-z]+' }),
      f({ name: 'n', type: 'number', min: -5, max: 5 }),
      f({ name: 'd', type: 'date' }),
      f({ name: 's', type: 'single_choice', options: ['x', 'y'] }),
      f({ name: 'm', type: 'multiple_choice', options: ['x', 'y'], max: 1 }),
      f({ name: 'file', type: 'file', max: 100 }),
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('t', 'n', 'd', 's', 'm', 'file', 'extra'), fc.anything()),
        (data) => {
          const r = validateSubmission(fields, data);
          expect(r.ok).toBe(r.errors.length === 0);
          for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
