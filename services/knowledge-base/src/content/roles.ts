import type { Role } from '@urp/auth';

/** Every staff role may read the knowledge base; the back office edits it. */
export const STAFF: Role[] = ['operator', 'backoffice', 'referent', 'manager', 'analyst'];
export const EDITORS: Role[] = ['backoffice'];
