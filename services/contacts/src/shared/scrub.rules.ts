/**
 * Personal data out of free text before it leaves the service (FAQ proposals, event fields the contract
 * marks as free text, Open311 answers, anonymised contacts): the platform's one scrubber, @urp/privacy
 * (e-mails, PEC, phones, fiscal codes, IBANs, addresses, plates, dates of birth, names), with the names the
 * caller knows (the requester's). What no pattern recognises is the operator's responsibility: a FAQ
 * proposal is a draft a back-office editor reviews.
 */
import type { TextScrubber, UseCaseContext } from '@urp/kernel';
import { scrubKnownPerson, scrubPersonalData as scrub, type KnownPerson } from '@urp/privacy';

export { scrubKnownPerson, type KnownPerson };

export const scrubPersonalData = (text: string, knownNames: readonly string[] = []): string =>
  scrub(text, { knownNames });

/** The kernel's scrubber for the contract fields marked as free text (`urpFreeText`), with the event's person. */
export const contactsScrubber: TextScrubber = (text, person) =>
  person ? scrubKnownPerson(text, person) : scrubPersonalData(text);

/**
 * The context of a use case acting for one requester: the event builder's scrubber also removes that
 * person's own data (names without a cue word, fiscal code, e-mail, PEC, postal address, phone in any
 * spelling) from the free-text fields of the events it builds.
 */
export function withKnownPerson(ctx: UseCaseContext, person: KnownPerson | undefined): UseCaseContext {
  if (!person || (!person.names.length && !person.literals.length && !person.phones.length)) return ctx;
  return { ...ctx, knownPerson: person };
}
