import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SurveyDefinitionRepository } from './survey-definition.repository';
import { SurveyDefinitionResolver } from './survey-definition.resolver';
import { SurveyDefinitionDocument, SurveyDefinitionSchema } from './survey-definition.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: SurveyDefinitionDocument.name, schema: SurveyDefinitionSchema }]),
  ],
  providers: [SurveyDefinitionRepository, SurveyDefinitionResolver],
  exports: [SurveyDefinitionRepository],
})
export class SurveyModule {}
