import { EventCatalog } from './catalog';
import { campaignsEvents } from './events/campaigns';
import { contactsEvents } from './events/contacts';
import { knowledgeBaseEvents } from './events/knowledge-base';
import { proceduresEvents } from './events/procedures';
import { satisfactionEvents } from './events/satisfaction';

export * from './catalog';
export * from './cloudevent';
export * from './events/shared';
export * from './events/contacts';
export * from './events/knowledge-base';
export * from './events/procedures';
export * from './events/campaigns';
export * from './events/satisfaction';
export { buildAsyncApiDocument } from './asyncapi';

/** Every event the platform publishes. Producers and consumers validate against it; AsyncAPI is generated from it. */
export const catalog = new EventCatalog([
  ...contactsEvents,
  ...knowledgeBaseEvents,
  ...proceduresEvents,
  ...campaignsEvents,
  ...satisfactionEvents,
]);
