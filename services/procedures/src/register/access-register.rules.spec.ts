import { at, started, typeOf } from '../procedure/procedure.fixtures';
import { decide } from '../procedure/procedure.rules';
import { inSemester, registerCsv, registerRow, semesterRange } from './access-register.rules';

describe('access register', () => {
  const foia = () =>
    started(typeOf({ code: 'foia', name: 'Accesso civico generalizzato', kind: 'generalised_civic_access' }));

  it('exports CSV without personal data', () => {
    const p = { ...foia(), thirdParties: [{ ref: 'req_third0001' }] };
    const decided = decide(
      p,
      { outcome: 'partly_accepted', reasons: 'Oscurati i dati di Mario Bianchi' },
      'r',
      at('2026-01-20T10:00:00Z'),
    );
    const csv = registerCsv([registerRow(decided.state)!]);
    expect(csv.split('\r\n')).toEqual([
      'numero,tipologia,oggetto,data_richiesta,ufficio,esito,data_decisione,nei_termini,controinteressati,comunicazione_controinteressati,riesame_richiesto,e_riesame',
      '2026/0000123,Accesso civico generalizzato (D.Lgs 33/2013 art. 5 c.2),Accesso civico generalizzato,2026-01-07,Servizi sociali,accoglimento parziale,2026-01-20,sì,sì,no,no,no',
      '',
    ]);
    for (const secret of ['req_abcdef01', 'req_third0001', 'Rossi', 'Bianchi', 'famiglia'])
      expect(csv).not.toContain(secret);
    expect(registerRow(started())).toBeNull(); // not an access request
  });

  it('quotes what needs quoting, keeps one row per line and neutralises formulas', () => {
    const row = { ...registerRow(foia())!, officeName: 'Ufficio "URP", sede\nnord', registerNumber: '=1+1' };
    const [, line, end] = registerCsv([row]).split('\r\n');
    expect(line).toContain('"Ufficio ""URP"", sede nord"');
    expect(line.startsWith("'=1+1,")).toBe(true);
    expect(line).toContain(',in corso,,,');
    expect(end).toBe('');
  });

  it('selects a semester; refuses what is not one', () => {
    const row = registerRow(foia())!;
    expect(inSemester([row], '2026-S1')).toHaveLength(1);
    expect(inSemester([row], '2026-S2')).toHaveLength(0);
    expect(inSemester([row])).toHaveLength(1);
    expect(semesterRange('2026-S2')).toEqual(['2026-07-01', '2026-12-31']);
    expect(() => semesterRange('2026-S3')).toThrow(/AAAA-S1/);
  });
});
