import type { UseCaseContext } from '@urp/kernel';
import {
  draftFromProposal,
  faqIdOf,
  placeholdersOf,
  render,
  ReplyTemplateContent,
} from './reply-template.rules';

describe('reply templates', () => {
  it('finds the placeholders and renders, leaving missing ones visible', () => {
    const body =
      'Pratica {{protocol_number}}: risposta entro il {{ due_date }} ({{procedure_term}} giorni). {{due_date}}';
    expect(placeholdersOf(body)).toEqual(['protocol_number', 'due_date', 'procedure_term']);
    expect(render(body, { protocol_number: '0004567', due_date: '12/12/2026' })).toBe(
      'Pratica 0004567: risposta entro il 12/12/2026 ({{procedure_term}} giorni). 12/12/2026',
    );
  });
  it('refuses placeholders the front office cannot fill', () => {
    const r = ReplyTemplateContent.safeParse({
      kind: 'reply',
      title: 'Titolo',
      body: 'Gentile {{nome_cittadino}}, ...',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/segnaposto non previsti: \{\{nome_cittadino\}\}/);
  });
});

describe('FAQ from a proposal', () => {
  const ctx: UseCaseContext = {
    actor: { sub: 'system', roles: ['service'] },
    now: new Date('2026-03-02T09:00:00Z'),
    source: '/urp/knowledge-base',
  };
  it('becomes a public draft FAQ by the proposing operator, its id derived from the proposal', () => {
    const d = draftFromProposal(
      {
        proposalId: 'p-1',
        contactId: 'c-1',
        question: 'Posso pagare a rate?',
        answer: 'Sì, in tre rate {{ignoto}} con F24.',
        proposedBy: 'olga',
        proposedAt: '2026-03-01T09:00:00Z',
        sheetIds: ['s1'],
      },
      ctx,
    );
    expect(d).toMatchObject({
      id: faqIdOf('p-1'),
      status: 'draft',
      author: 'olga',
      content: {
        kind: 'faq',
        audience: 'public',
        body: 'Sì, in tre rate  con F24.', // the unknown placeholder removed
        origin: 'faq_proposal:p-1',
      },
    });
  });
});
