import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { MutationSaveSurveyDefinitionArgs, QuerySurveyDefinitionArgs } from '../__generated__/graphql';
import type { SurveyDefinition } from './survey.rules';
import { SurveyUseCases } from './survey.use-cases';

@Resolver('SurveyDefinition')
export class SurveyResolver {
  constructor(private readonly surveys: SurveyUseCases) {}

  @Query('surveyDefinitions')
  list(@CurrentIdentity() who: Identity): Promise<SurveyDefinition[]> {
    return this.surveys.list(who);
  }

  @Query('surveyDefinition')
  one(
    @CurrentIdentity() who: Identity,
    @Args() args: QuerySurveyDefinitionArgs,
  ): Promise<SurveyDefinition | null> {
    return this.surveys.one(who, args.id);
  }

  @Mutation('saveSurveyDefinition')
  save(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSaveSurveyDefinitionArgs,
  ): Promise<SurveyDefinition> {
    return this.surveys.save(who, args.input);
  }
}
