import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SurveyQuestion } from './survey.rules';

/** A custom questionnaire (the built-in models live in code: survey.rules.ts). */
@Schema({ collection: 'survey_definitions', versionKey: false })
export class SurveyDefinitionDocument {
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) intro!: string;
  @Prop({ type: [Object], required: true }) questions!: SurveyQuestion[];
  @Prop({ required: true }) active!: boolean;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop({ required: true }) updatedBy!: string;
}
export const SurveyDefinitionSchema = SchemaFactory.createForClass(SurveyDefinitionDocument);
