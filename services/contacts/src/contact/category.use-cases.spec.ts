import { memoryService, ADMIN, OPERATOR } from '../testing/in-memory';

describe('registration checks the category (issue 13)', () => {
  it('refuses an unknown category with a field error, before a protocol number is taken', async () => {
    const s = memoryService();
    await expect(
      s.contactUseCases.register(OPERATOR, {
        channel: 'desk',
        type: 'complaint',
        subject: 'Bolletta sbagliata',
        category: { level1: 'tributi', level2: 'tasse_inventate' },
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.category.level2': expect.any(String) } },
    });
    expect(s.contacts.all()).toHaveLength(0);
    const ok = await s.contactUseCases.register(OPERATOR, {
      channel: 'desk',
      type: 'complaint',
      subject: 'Bolletta sbagliata',
      category: { level1: 'tributi', level2: 'tari' },
    });
    // the first number of the year: the refused registration took none
    expect(ok.protocolNumber).toMatch(/\/0000001$/);
  });

  it('a historical import cites its time’s taxonomy; a due rule names a known category', async () => {
    const s = memoryService();
    const old = await s.contactUseCases.register(ADMIN, {
      channel: 'desk',
      type: 'information',
      subject: 'Vecchia categoria',
      category: { level1: 'categoria_dismessa' },
      registeredAt: '2026-01-10T10:00:00+01:00',
    });
    expect(old.category).toEqual({ level1: 'categoria_dismessa' });
    await expect(
      s.settings.setPolicy(ADMIN, [{ days: 30 }, { categoryLevel1: 'tributti', days: 20 }]),
    ).rejects.toMatchObject({ extensions: { fields: { 'rules.1.categoryLevel1': expect.any(String) } } });
  });
});
