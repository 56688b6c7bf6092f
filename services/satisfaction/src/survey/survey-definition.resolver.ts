import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Roles, type Identity } from '@urp/auth';
import { GraphQLError } from 'graphql';
import { SurveyDefinitionRepository } from './survey-definition.repository';
import {
  BUILT_IN_SURVEYS,
  validateDefinition,
  type SurveyDefinition,
  type SurveyQuestion,
} from './survey.rules';

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

@Resolver('SurveyDefinition')
export class SurveyDefinitionResolver {
  constructor(private readonly surveys: SurveyDefinitionRepository) {}

  @Query('surveyDefinitions')
  @Roles('backoffice', 'manager', 'analyst', 'operator')
  list() {
    return this.surveys.list();
  }

  @Query('surveyDefinition')
  @Roles('backoffice', 'manager', 'analyst', 'operator')
  async one(@Args('id') id: string) {
    return (await this.surveys.find(id)) ?? null;
  }

  @Mutation('saveSurveyDefinition')
  @Roles('manager', 'backoffice')
  async save(
    @Args('input')
    input: { id: string; title: string; intro: string; questions: SurveyQuestion[]; active?: boolean },
    @CurrentIdentity() who: Identity,
  ) {
    const def: SurveyDefinition = {
      id: input.id,
      kind: 'custom',
      title: input.title,
      intro: input.intro,
      questions: input.questions.map((q) => clean(q)),
      active: input.active ?? true,
      builtIn: false,
    };
    const problems = validateDefinition(def);
    if (BUILT_IN_SURVEYS.some((s) => s.id === def.id))
      problems.unshift('id: a built-in survey cannot be changed');
    if (problems.length) {
      const fields: Record<string, string> = {};
      for (const p of problems) {
        const [field, ...rest] = p.split(': ');
        fields[field] ??= rest.join(': ');
      }
      throw new GraphQLError(`invalid survey definition: ${problems.join('; ')}`, {
        extensions: { code: 'BAD_USER_INPUT', fields },
      });
    }
    return this.surveys.save(def, who.sub);
  }
}
