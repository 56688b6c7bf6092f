import { z } from 'zod';
import { deadLetterTopic, type EventCatalog, type EventDefinition, type TopicDefinition } from './catalog';
import { HEADERS } from './cloudevent';

const camel = (s: string) => s.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase());
const channelId = (t: TopicDefinition) => camel(t.name.replace(/^urp\./, ''));
const messageId = (e: EventDefinition) => `${e.name}V${e.version}`;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-07', io: 'output' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function headersSchema(e: EventDefinition): Record<string, unknown> {
  const str = (description: string, extra: Record<string, unknown> = {}) => ({
    type: 'string',
    description,
    ...extra,
  });
  return {
    type: 'object',
    required: [
      HEADERS.specversion,
      HEADERS.id,
      HEADERS.type,
      HEADERS.source,
      HEADERS.subject,
      HEADERS.time,
      HEADERS.contentType,
    ],
    properties: {
      [HEADERS.specversion]: str('CloudEvents spec version', { const: '1.0' }),
      [HEADERS.id]: str('event id, a UUIDv7 (time-ordered); consumers deduplicate on it', { format: 'uuid' }),
      [HEADERS.type]: str('event type and version', { const: e.type }),
      [HEADERS.source]: str('producing service, e.g. /urp/contacts'),
      [HEADERS.subject]: str(`${e.subject}; equal to the message key`),
      [HEADERS.time]: str('when the fact happened (RFC 3339)', { format: 'date-time' }),
      [HEADERS.correlationid]: str('id shared by every event one user action caused'),
      [HEADERS.causationid]: str('id of the event that caused this one, if any'),
      [HEADERS.traceparent]: str('W3C trace context'),
      [HEADERS.contentType]: str('payload media type', { const: 'application/json' }),
    },
  };
}

/**
 * The AsyncAPI 3.0 document of every topic, generated from the catalog: what analysts read to consume
 * the streams. `libs/contracts/asyncapi.yaml` is this document, checked in and verified by the tests.
 */
export function buildAsyncApiDocument(catalog: EventCatalog, version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const topic of catalog.topics) {
    const events = catalog.eventsOf(topic.name);
    const id = channelId(topic);
    channels[id] = {
      address: topic.name,
      title: `${topic.service} / ${topic.aggregate}`,
      description: `${topic.description} Dead letters go to \`${deadLetterTopic(topic.name)}\` with the error in the \`urp_dlq_error\` header.`,
      messages: Object.fromEntries(
        events.map((e) => [messageId(e), { $ref: `#/components/messages/${messageId(e)}` }]),
      ),
      bindings: { kafka: { topic: topic.name, partitions: topic.partitions, bindingVersion: '0.5.0' } },
    };
    operations[`publish${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      title: `The ${topic.service} service publishes to ${topic.name}`,
      channel: { $ref: `#/channels/${id}` },
      messages: events.map((e) => ({ $ref: `#/channels/${id}/messages/${messageId(e)}` })),
    };
    for (const e of events) {
      messages[messageId(e)] = {
        name: e.type,
        title: `${e.name} v${e.version}`,
        summary: e.summary,
        contentType: 'application/json',
        headers: headersSchema(e),
        payload: jsonSchema(e.schema),
        bindings: { kafka: { key: { type: 'string', description: e.subject }, bindingVersion: '0.5.0' } },
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'URP event streams',
      version,
      description:
        'Every state change of the URP platform, as CloudEvents 1.0 in the Kafka binary binding (attributes in ' +
        '`ce_*` headers, JSON payload in the value, key = aggregate id, order guaranteed per key). Events carry ' +
        'no personal data: a citizen appears only as a pseudonymous `requesterId`. Types are versioned ' +
        '(`it.urp.<service>.<Event>.v<N>`): optional fields may be added to a version; any other change is a new version.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'the broker started by deploy/local/infra.sh',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}
