import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type {
  MutationSaveSurveyDefinitionArgs,
  QuerySurveyDefinitionArgs,
  SurveyDefinition as SurveyDefinitionView,
} from '../__generated__/graphql';
import type { SurveyDefinition } from './survey.rules';
import { SurveyUseCases } from './survey.use-cases';

/** The GraphQL shape of a questionnaire (absent optional fields are null). */
const definitionView = (d: SurveyDefinition): SurveyDefinitionView => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  intro: d.intro,
  active: d.active,
  builtIn: d.builtIn,
  revision: d.revision,
  questions: d.questions.map((q) => ({
    id: q.id,
    type: q.type,
    label: q.label,
    required: q.required,
    help: q.help ?? null,
    options: q.options ?? null,
    min: q.min ?? null,
    max: q.max ?? null,
    maxLength: q.maxLength ?? null,
  })),
});

@Resolver('SurveyDefinition')
export class SurveyResolver {
  constructor(private readonly surveys: SurveyUseCases) {}

  @Query('surveyDefinitions')
  async list(@CurrentIdentity() who: Identity): Promise<SurveyDefinitionView[]> {
    return (await this.surveys.list(who)).map(definitionView);
  }

  @Query('surveyDefinition')
  async one(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySurveyDefinitionArgs,
  ): Promise<SurveyDefinitionView | null> {
    const found = await this.surveys.one(who, args.id);
    return found && definitionView(found);
  }

  @Mutation('saveSurveyDefinition')
  async save(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSaveSurveyDefinitionArgs,
  ): Promise<SurveyDefinitionView> {
    return definitionView(await this.surveys.save(who, args.input));
  }
}
