import { cannedReplies, fillTemplate, italianDate } from './case-messages.rules';

describe('canned replies', () => {
  it('fills placeholders and reports the missing ones', () => {
    expect(
      fillTemplate(
        'Gentile cittadino, la pratica {{protocol_number}} sarà chiusa entro il {{due_date}} da {{ responsible_person }} ({{office}}).',
        {
          protocol_number: '2026/0000042',
          due_date: '27/12/2026',
          office: 'Ufficio Tributi',
        },
      ),
    ).toEqual({
      text: 'Gentile cittadino, la pratica 2026/0000042 sarà chiusa entro il 27/12/2026 da {{ responsible_person }} (Ufficio Tributi).',
      missing: ['responsible_person'],
    });
  });
});

describe('canned replies of a case', () => {
  const templates = [
    {
      id: 't1',
      code: 'presa',
      title: 'Presa in carico',
      body: 'Prot. {{protocol_number}} entro il {{due_date}}, {{office}}',
      audience: 'public' as const,
    },
    { id: 't2', code: 'interna', title: 'Interna', body: 'x', audience: 'internal' as const },
    {
      id: 't3',
      code: 'tributi',
      title: 'Tributi',
      body: 'y',
      audience: 'public' as const,
      category: 'tributi',
    },
    {
      id: 't4',
      code: 'chiusa',
      title: 'Chiusa',
      body: 'z',
      audience: 'public' as const,
      caseStatus: 'closed',
    },
  ];
  const c = {
    status: 'assigned',
    categoryLevel1: 'strade',
    dueAt: new Date('2026-04-01T08:00:00Z'),
    termDays: 30,
    protocolNumber: '2026/0000007',
  };

  it('public ones of the case’s category (and status when asked), filled; missing values reported', () => {
    const all = cannedReplies(templates, c, false);
    expect(all.map((r) => r.code)).toEqual(['presa', 'chiusa']);
    expect(all[0]).toMatchObject({
      text: `Prot. 2026/0000007 entro il ${italianDate(c.dueAt)}, {{office}}`,
      missingPlaceholders: ['office'],
    });
    expect(cannedReplies(templates, c, true).map((r) => r.code)).toEqual(['presa']);
    expect(cannedReplies(templates, { ...c, officeName: 'Tributi' }, true)[0].missingPlaceholders).toEqual(
      [],
    );
  });
});
