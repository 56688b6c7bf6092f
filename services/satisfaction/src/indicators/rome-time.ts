/** Calendar day and month in Europe/Rome (the administration's civil time), from @urp/legal-clock. */
import { romeCivilDate } from '@urp/legal-clock';

/** `YYYY-MM-DD` in Europe/Rome of an instant (ISO-8601 with offset, or epoch ms). */
export const romeDay = (at: string | number): string => romeCivilDate(at);

export const romeMonth = (at: string | number): string => romeDay(at).slice(0, 7);
