import type { EventDefinition } from '../catalog';

/** Every event of the procedures service (the catalog in ../index.ts collects them). */
export const proceduresEvents: EventDefinition[] = [];
