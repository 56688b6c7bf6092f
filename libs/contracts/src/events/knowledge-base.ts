import type { EventDefinition } from '../catalog';

/** Every event of the knowledge-base service (the catalog in ../index.ts collects them). */
export const knowledgeBaseEvents: EventDefinition[] = [];
