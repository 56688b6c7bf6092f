import { z } from 'zod';

/**
 * The configuration of a status page's look-up limit, for a service's environment schema
 * (`serviceEnv.extend({ ...statusPageEnv })`): the look-ups (POSTs) one address may make per window.
 */
export const statusPageEnv = {
  STATUS_PAGE_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  STATUS_PAGE_RATE_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
};

/** The look-up limit's fields of a service's parsed configuration. */
export type StatusPageConfig = z.infer<z.ZodObject<typeof statusPageEnv>>;
