import { Inject, Injectable } from '@nestjs/common';
import type { SubmissionResult } from '@urp/forms';
import { DomainError, execute, parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import { decideCreate, steps } from '../content/content.rules';
import { ContentWorkflow } from '../content/content.use-cases';
import type { KnowledgeStorePort } from '../content/content.store';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import {
  CreateFormInput,
  EditFormInput,
  formConsequences,
  validateAgainst,
  type Form,
  type FormContent,
  type FormFacts,
} from './form.rules';
import { FormStore } from './form.store';

/** Forms (modulistica): versioned definitions; each publication is a new immutable version, with its event. */
@Injectable()
export class FormUseCases {
  readonly workflow: ContentWorkflow<FormContent, Form, FormFacts>;

  constructor(
    @Inject(FormStore) private readonly store: KnowledgeStorePort<Form>,
    private readonly kernel: ServiceKernel,
  ) {
    this.workflow = new ContentWorkflow<FormContent, Form, FormFacts>({
      store,
      kernel,
      what: (id) => `il modulo ${id}`,
      consequences: formConsequences,
      facts: async () => undefined,
    });
  }

  async create(actor: Actor, raw: unknown): Promise<Form> {
    policy.authorize('form.create', actor);
    const input = parseInput(CreateFormInput, raw);
    if (await this.store.findOne({ code: input.code }))
      throw DomainError.invalid('input.code', 'esiste già un modulo con questo codice');
    const id = uuidv7();
    const create = decideCreate<FormContent, Form, FormFacts>(formConsequences, (draft) => ({
      ...draft,
      code: input.code,
      versions: [],
    }));
    return execute(
      this.store,
      id,
      create,
      { id, content: input.content, note: input.note ?? '', facts: undefined },
      this.kernel.context(actor),
    );
  }

  edit(actor: Actor, raw: unknown): Promise<Form> {
    policy.authorize('form.edit', actor);
    const input = parseInput(EditFormInput, raw);
    return this.workflow.run(
      actor,
      (d) => policy.authorize('form.edit', actor, d),
      input.id,
      steps.edit(input.content, input.note, input.expectedRevision),
    );
  }

  /** A form by id or code; the public sees published forms only. */
  async find(actor: Actor, id?: string | null, code?: string | null): Promise<Form | null> {
    policy.authorize('form.read', actor);
    const f = await this.byIdOrCode(id, code);
    if (!f || (actor.anonymous && !f.versions.length)) return null;
    return f;
  }

  /** A form with at least one published version, by code (attachments of sheets). */
  async published(code: string): Promise<Form | null> {
    const f = await this.byIdOrCode(undefined, code);
    return f?.versions.length ? f : null;
  }

  byId(id: string): Promise<Form | null> {
    return this.store.get(id);
  }

  private async byIdOrCode(id?: string | null, code?: string | null): Promise<Form | null> {
    if (id) return this.store.get(id);
    if (code) return this.store.findOne({ code });
    return null;
  }

  async list(actor: Actor, first: number | null | undefined): Promise<Form[]> {
    policy.authorize('form.list', actor);
    const forms = await this.store.find(
      {},
      { sort: { code: 1 }, limit: Math.min(Math.max(first ?? 100, 1), 500) },
    );
    return policy.visible('form.list', actor, forms);
  }

  /** Validates a submission against a published version (the latest when `version` is absent). */
  async validate(
    actor: Actor,
    code: string,
    version: number | undefined,
    dataJson: string,
  ): Promise<SubmissionResult> {
    policy.authorize('form.validate', actor);
    const form = await this.published(code);
    if (!form) throw DomainError.notFound(`il modulo ${code}`);
    return validateAgainst(form, version, dataJson);
  }
}
