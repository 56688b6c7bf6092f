import { Inject, Injectable } from '@nestjs/common';
import {
  MONGO_DB,
  MongoAggregateStore,
  OUTBOX_PORT,
  type AggregateStore,
  type OutboxPort,
} from '@urp/kernel';
import type { Db } from 'mongodb';
import { BUILT_IN_SURVEYS, customDefinition, type CustomSurvey, type SurveyDefinition } from './survey.rules';

/** What the use cases need of the questionnaires (the fast tier runs them on an in-memory store). */
export interface SurveyRepository extends AggregateStore<CustomSurvey> {
  definition(id: string): Promise<SurveyDefinition | undefined>;
  definitions(): Promise<SurveyDefinition[]>;
}

/** The only writer of `survey_definitions` (custom questionnaires; the built-in models live in code). */
@Injectable()
export class SurveyStore extends MongoAggregateStore<CustomSurvey> implements SurveyRepository {
  constructor(@Inject(MONGO_DB) db: Db, @Inject(OUTBOX_PORT) outbox: OutboxPort) {
    super(db, outbox, 'survey_definitions');
  }

  /** A built-in model or a custom questionnaire. */
  async definition(id: string): Promise<SurveyDefinition | undefined> {
    const builtIn = BUILT_IN_SURVEYS.find((s) => s.id === id);
    if (builtIn) return builtIn;
    const custom = await this.get(id);
    return custom ? customDefinition(custom) : undefined;
  }

  /** The built-in models, then the custom questionnaires by id (a handful: a scan is fine). */
  async definitions(): Promise<SurveyDefinition[]> {
    const docs = await this.collection
      .find({}, { projection: { _outbox: 0, _applied: 0 } })
      .sort({ _id: 1 })
      .toArray();
    return [...BUILT_IN_SURVEYS, ...docs.map((d) => customDefinition(this.toState(d)))];
  }
}
