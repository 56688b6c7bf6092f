import { Inject, Injectable } from '@nestjs/common';
import { execute, parseInput, ServiceKernel, stripNulls, type Actor } from '@urp/kernel';
import { z } from 'zod';
import type { SaveSurveyDefinitionInput } from '../__generated__/graphql';
import { satisfactionPolicy as policy } from '../satisfaction.policy';
import { customDefinition, saveSurvey, type SurveyDefinition, type SurveyQuestion } from './survey.rules';
import { SurveyStore, type SurveyRepository } from './survey.store';

/** The shape of the input (the rules check the content, field by field). */
const SaveInput = z.object({
  id: z.string().min(1).max(64),
  title: z.string().max(200),
  intro: z.string().max(2000),
  questions: z.array(z.custom<SurveyQuestion>((q) => typeof q === 'object' && q !== null)).max(50),
  active: z.boolean().default(true),
  expectedRevision: z.number().int().nonnegative().optional(),
});

/** Survey definitions: the built-in models plus the administration's custom questionnaires. */
@Injectable()
export class SurveyUseCases {
  constructor(
    @Inject(SurveyStore) private readonly surveys: SurveyRepository,
    private readonly kernel: ServiceKernel,
  ) {}

  async list(actor: Actor): Promise<SurveyDefinition[]> {
    policy.authorize('survey.list', actor);
    return this.surveys.definitions();
  }

  async one(actor: Actor, id: string): Promise<SurveyDefinition | null> {
    policy.authorize('survey.read', actor);
    return (await this.surveys.definition(id)) ?? null;
  }

  async save(actor: Actor, input: SaveSurveyDefinitionInput): Promise<SurveyDefinition> {
    policy.authorize('survey.save', actor);
    const { id, expectedRevision, ...cmd } = parseInput(SaveInput, input);
    const saved = await execute(
      this.surveys,
      id,
      saveSurvey(id),
      { ...cmd, questions: cmd.questions.map((q) => stripNulls(q)) },
      this.kernel.context(actor),
      { expectedRevision },
    );
    return customDefinition(saved);
  }
}
