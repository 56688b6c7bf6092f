import { z } from 'zod';

/** The bounded contexts that publish events. */
export const SERVICES = ['contacts', 'knowledge-base', 'procedures', 'campaigns', 'satisfaction'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A Kafka topic: one per service and aggregate, versioned in its name (`urp.<service>.<aggregate>.v<N>`). */
export interface TopicDefinition {
  readonly name: string;
  readonly service: ServiceName;
  readonly aggregate: string;
  readonly partitions: number;
  readonly description: string;
}

/**
 * One event type and version. The `type` is the CloudEvents `ce_type`:
 * `it.urp.<service>.<EventName>.v<N>`. A breaking change is a new version (a new definition);
 * optional fields may be added to an existing one.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly name: string;
  readonly version: number;
  readonly service: ServiceName;
  readonly topic: TopicDefinition;
  readonly summary: string;
  /** What `ce_subject` (and the Kafka message key) identifies. */
  readonly subject: string;
  readonly schema: S;
}

export type EventPayload<D extends EventDefinition> = z.infer<D['schema']>;

export function defineTopic(topic: Omit<TopicDefinition, 'name'> & { version?: number }): TopicDefinition {
  const { version = 1, ...rest } = topic;
  return Object.freeze({ ...rest, name: `urp.${topic.service}.${topic.aggregate}.v${version}` });
}

export function defineEvent<S extends z.ZodType>(
  topic: TopicDefinition,
  def: { name: string; version: number; summary: string; subject: string; schema: S },
): EventDefinition<S> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(def.name)) throw new Error(`event name must be PascalCase: ${def.name}`);
  return Object.freeze({
    ...def,
    service: topic.service,
    topic,
    type: `it.urp.${topic.service}.${def.name}.v${def.version}`,
  });
}

/** The dead-letter topic of a topic: where poison messages go, with the error in headers. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** An index over event definitions, by CloudEvents type and by topic. */
export class EventCatalog {
  private readonly byType = new Map<string, EventDefinition>();

  constructor(events: readonly EventDefinition[]) {
    for (const e of events) {
      if (this.byType.has(e.type)) throw new Error(`duplicate event type in catalog: ${e.type}`);
      this.byType.set(e.type, e);
    }
  }

  get events(): EventDefinition[] {
    return [...this.byType.values()];
  }

  get topics(): TopicDefinition[] {
    const seen = new Map<string, TopicDefinition>();
    for (const e of this.byType.values()) seen.set(e.topic.name, e.topic);
    return [...seen.values()];
  }

  find(type: string): EventDefinition | undefined {
    return this.byType.get(type);
  }

  eventsOf(topic: string): EventDefinition[] {
    return this.events.filter((e) => e.topic.name === topic);
  }
}
