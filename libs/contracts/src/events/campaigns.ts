import type { EventDefinition } from '../catalog';

/** Every event of the campaigns service (the catalog in ../index.ts collects them). */
export const campaignsEvents: EventDefinition[] = [];
