import { checkCategory, DEFAULT_TAXONOMY } from './taxonomy.rules';
import { OPEN311_SERVICES } from '../open311/open311.services';

const fieldsOf = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as { extensions: { fields: Record<string, string> } }).extensions.fields;
  }
  return undefined;
};

describe('contact categories from the taxonomy (issue 13)', () => {
  const check = (category: Parameters<typeof checkCategory>[2], sheets: string[] = []) =>
    fieldsOf(() => checkCategory(DEFAULT_TAXONOMY, sheets, category, 'input.category'));

  it('accepts known codes at every level, and a first level known from a published sheet', () => {
    expect(check({ level1: 'tributi', level2: 'tari' })).toBeUndefined();
    expect(check({ level1: 'urp_generale' })).toBeUndefined();
    expect(check({ level1: 'protezione_civile' }, ['protezione_civile'])).toBeUndefined();
    expect(check(undefined)).toBeUndefined();
  });

  it('refuses unknown codes beside their field, in Italian', () => {
    expect(check({ level1: 'tributti' })).toEqual({
      'input.category.level1': expect.stringContaining('categoria sconosciuta: "tributti"'),
    });
    expect(check({ level1: 'tributi', level2: 'tosap' })).toEqual({
      'input.category.level2': expect.stringContaining('sottocategoria sconosciuta per "tributi"'),
    });
    expect(check({ level1: 'edilizia', level2: 'condono' })).toEqual({
      'input.category.level2': expect.stringContaining('non ha sottocategorie'),
    });
    expect(check({ level1: 'tributi', level2: 'tari', level3: 'riduzioni' })).toEqual({
      'input.category.level3': expect.stringContaining('terzo livello sconosciuta'),
    });
  });

  it('knows every Open311 service’s category', () => {
    for (const s of OPEN311_SERVICES) expect(check(s.category)).toBeUndefined();
  });
});
