/**
 * The administration's calendar for case due dates: `@urp/legal-clock`'s LegalCalendar (national holidays,
 * the patron saint, optionally Saturday closed), configured once at boot from the service's configuration
 * (`PATRON_SAINT_DAY`, `PATRON_SAINT_NAME`, `SATURDAY_IS_WORKING_DAY`, the same variables procedures reads).
 * Rules take it as an argument that defaults to this one, so unit tests can pass their own.
 */
import { LegalCalendar, type CalendarSettings } from '@urp/legal-clock';

let current = new LegalCalendar();

export function configureCaseCalendar(settings: CalendarSettings): LegalCalendar {
  current = new LegalCalendar(settings);
  return current;
}

export const caseCalendar = (): LegalCalendar => current;
