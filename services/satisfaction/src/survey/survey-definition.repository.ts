import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SurveyDefinitionDocument } from './survey-definition.schema';
import { BUILT_IN_SURVEYS, type SurveyDefinition } from './survey.rules';

const toDefinition = (d: SurveyDefinitionDocument): SurveyDefinition => ({
  id: d._id,
  kind: 'custom',
  title: d.title,
  intro: d.intro,
  questions: d.questions,
  active: d.active,
  builtIn: false,
});

/** Survey definitions: the built-in models plus the administration's custom questionnaires. */
@Injectable()
export class SurveyDefinitionRepository {
  constructor(
    @InjectModel(SurveyDefinitionDocument.name) private readonly model: Model<SurveyDefinitionDocument>,
  ) {}

  async find(id: string): Promise<SurveyDefinition | undefined> {
    const builtIn = BUILT_IN_SURVEYS.find((s) => s.id === id);
    if (builtIn) return builtIn;
    const doc = await this.model.findById(id).lean<SurveyDefinitionDocument>();
    return doc ? toDefinition(doc) : undefined;
  }

  async list(): Promise<SurveyDefinition[]> {
    const custom = await this.model.find().sort({ _id: 1 }).lean<SurveyDefinitionDocument[]>();
    return [...BUILT_IN_SURVEYS, ...custom.map(toDefinition)];
  }

  async save(def: SurveyDefinition, by: string): Promise<SurveyDefinition> {
    await this.model.collection.replaceOne(
      { _id: def.id } as never,
      {
        title: def.title,
        intro: def.intro,
        questions: def.questions,
        active: def.active,
        updatedAt: new Date(),
        updatedBy: by,
      },
      { upsert: true },
    );
    return def;
  }
}
