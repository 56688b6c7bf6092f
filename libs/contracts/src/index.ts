import { EventCatalog } from './catalog';
import { ContactClosedV1, ContactRegisteredV1 } from './events/contacts';
import { SurveyInvitationCreatedV1 } from './events/satisfaction';

export * from './catalog';
export * from './cloudevent';
export * from './events/shared';
export * from './events/contacts';
export * from './events/satisfaction';
export { buildAsyncApiDocument } from './asyncapi';

/** Every event the platform publishes. Producers and consumers validate against it; AsyncAPI is generated from it. */
export const catalog = new EventCatalog([ContactRegisteredV1, ContactClosedV1, SurveyInvitationCreatedV1]);
