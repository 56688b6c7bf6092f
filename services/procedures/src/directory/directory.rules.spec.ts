import { checkAssignee, type StaffDirectory } from './directory.rules';

const dir: StaffDirectory = {
  offices: [
    { id: 'off_1', code: 'istruzione', name: 'Ufficio Istruzione', active: true },
    { id: 'off_2', code: 'tributi', name: 'Ufficio Tributi', active: true },
  ],
  referents: [
    { id: 'rf_a', staffId: 'ref-a', name: 'Anna Riva', officeId: 'off_1', active: true },
    { id: 'rf_b', staffId: 'ref-b', name: 'Bruno Sala', officeId: 'tributi', active: true },
    { id: 'rf_c', staffId: 'ref-c', name: 'Carla Neri', officeId: 'off_1', active: false },
  ],
};
const field = 'input.assigneeId';
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { extensions: { fields: Record<string, string> } }).extensions.fields[field];
  }
  return undefined;
};

describe('assignees from the knowledge base’s directory (issue 12)', () => {
  it('accepts an active referent of the office, by staff account or referent id, office by id or code', () => {
    expect(checkAssignee(dir, 'ref-a', { officeId: 'istruzione' }, field)?.name).toBe('Anna Riva');
    expect(checkAssignee(dir, 'rf_a', { officeId: 'off_1' }, field)?.name).toBe('Anna Riva');
    expect(checkAssignee(dir, 'ref-b', { officeId: 'off_2' }, field)?.name).toBe('Bruno Sala');
  });

  it('refuses another office’s referent, an inactive or unknown one, naming the field in Italian', () => {
    expect(
      refusal(() => checkAssignee(dir, 'ref-b', { officeId: 'istruzione', officeName: 'Istruzione' }, field)),
    ).toBe(
      'Bruno Sala non è referente dell’ufficio Istruzione: il procedimento si assegna a un referente di quell’ufficio',
    );
    expect(refusal(() => checkAssignee(dir, 'ref-c', { officeId: 'istruzione' }, field))).toContain(
      'non è un referente attivo',
    );
    expect(refusal(() => checkAssignee(dir, 'chiunque', {}, field))).toContain('non è un referente attivo');
  });

  it('takes the assignment as given while the directory knows no referent', () => {
    expect(
      checkAssignee({ offices: [], referents: [] }, 'chiunque', { officeId: 'x' }, field),
    ).toBeUndefined();
  });
});

describe('the procedure’s office by id or code: the exact id first, then the active office with that code', () => {
  it('does not take an office that merely carries the procedure’s office id as its code', () => {
    // earlier offices published with code 'tributi' under other ids (a retired one listed first)
    const reused: StaffDirectory = {
      offices: [
        { id: 'off_old', code: 'tributi', name: 'Tributi (vecchio)', active: false },
        { id: 'off_new', code: 'tributi', name: 'Tributi (altro ente)', active: true },
        { id: 'tributi', code: 'trib', name: 'Ufficio Tributi', active: true },
      ],
      referents: [
        { id: 'rf_t', staffId: 'ref-t', name: 'Tina Sala', officeId: 'tributi', active: true },
        { id: 'rf_n', staffId: 'ref-n', name: 'Nino Sala', officeId: 'off_new', active: true },
        { id: 'rf_o', staffId: 'ref-o', name: 'Olga Sala', officeId: 'off_old', active: true },
      ],
    };
    expect(checkAssignee(reused, 'ref-t', { officeId: 'tributi' }, field)?.name).toBe('Tina Sala');
    expect(checkAssignee(reused, 'ref-t', { officeId: 'trib' }, field)?.name).toBe('Tina Sala');
    // before: the first office with id or code 'tributi' (the retired one) decided, so these were accepted
    expect(refusal(() => checkAssignee(reused, 'ref-o', { officeId: 'tributi' }, field))).toContain(
      'non è referente dell’ufficio tributi',
    );
    expect(refusal(() => checkAssignee(reused, 'ref-n', { officeId: 'tributi' }, field))).toContain(
      'non è referente dell’ufficio tributi',
    );
    // by code alone (no office has it as id), the active office with it
    const byCode: StaffDirectory = { ...reused, offices: reused.offices.slice(0, 2) };
    expect(checkAssignee(byCode, 'ref-n', { officeId: 'tributi' }, field)?.name).toBe('Nino Sala');
    expect(refusal(() => checkAssignee(byCode, 'ref-o', { officeId: 'tributi' }, field))).toContain(
      'non è referente',
    );
  });
});
