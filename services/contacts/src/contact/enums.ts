import { Channel, ContactType } from '@urp/contracts';

export const CHANNELS = Channel.options;
export const CONTACT_TYPES = ContactType.options;
