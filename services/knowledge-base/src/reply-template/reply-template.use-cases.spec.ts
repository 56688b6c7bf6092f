import { createEvent, FaqProposedV1 } from '@urp/contracts';
import { FixedClock, ServiceKernel, type Actor } from '@urp/kernel';
import { MemoryKnowledgeStore } from '../content/content.store.memory';
import type { ReplyTemplate } from './reply-template.rules';
import { ReplyTemplateUseCases } from './reply-template.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const manager: Actor = { sub: 'paolo', roles: ['manager'] };

function setup() {
  const kernel = new ServiceKernel(
    { source: '/urp/knowledge-base' },
    new FixedClock(new Date('2026-03-02T09:00:00Z')),
  );
  const store = new MemoryKnowledgeStore<ReplyTemplate>('reply_templates');
  return { store, templates: new ReplyTemplateUseCases(store, kernel) };
}

describe('reply template use cases (in-memory store)', () => {
  it('turns a proposed FAQ into one draft, however often the event comes; a manager publishes it', async () => {
    const { store, templates } = setup();
    const event = createEvent(
      FaqProposedV1,
      'c-1',
      {
        proposalId: 'p-1',
        contactId: 'c-1',
        question: 'Posso pagare la TARI a rate?',
        answer: 'Sì, in tre rate con i modelli F24 inviati dal Comune.',
        proposedBy: 'olga',
        proposedAt: '2026-03-01T09:00:00Z',
      },
      { source: '/urp/contacts' },
    );
    expect(await templates.onFaqProposed(event.data, event)).toBe('applied');
    expect(await templates.onFaqProposed(event.data, event)).toBe('duplicate');
    const [draft] = store.all();
    expect(draft).toMatchObject({ status: 'draft', author: 'olga', content: { kind: 'faq' } });
    await templates.workflow.submit(alice, draft.id);
    await templates.workflow.approve(manager, draft.id, {});
    expect(store.events.map((e) => e.type)).toEqual(['it.urp.knowledge-base.ReplyTemplatePublished.v1']);
    expect(await templates.listPublicFaq({ sub: 'anonymous', roles: [], anonymous: true })).toHaveLength(1);
  });

  it('refuses unknown placeholders under their input path, and operators editing', async () => {
    const { templates } = setup();
    await expect(
      templates.create(alice, {
        code: 'sospensione',
        content: { kind: 'reply', title: 'Sospensione', body: 'Gentile {{nome}}, la pratica è sospesa.' },
      }),
    ).rejects.toMatchObject({ fields: { 'input.content.body': expect.stringMatching(/\{\{nome\}\}/) } });
    await expect(
      templates.create({ sub: 'olga', roles: ['operator'] }, { code: 'x', content: {} }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
