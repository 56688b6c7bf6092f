/**
 * Personal data out of free text before it leaves the service (FAQ proposals, event fields the contract
 * marks as free text, Open311 answers, anonymised contacts): the platform's one scrubber, @urp/privacy
 * (e-mails, PEC, phones, fiscal codes, IBANs, addresses, plates, dates of birth, names), with the names the
 * caller knows (the requester's). What no pattern recognises is the operator's responsibility: a FAQ
 * proposal is a draft a back-office editor reviews.
 */
import type { TextScrubber, UseCaseContext } from '@urp/kernel';
import { PLACEHOLDER, scrubPersonalData as scrub } from '@urp/privacy';

export const scrubPersonalData = (text: string, knownNames: readonly string[] = []): string =>
  scrub(text, { knownNames });

/** The kernel's scrubber for the contract fields marked as free text (`urpFreeText`). */
export const contactsScrubber: TextScrubber = (text, known) => scrubPersonalData(text, known?.names ?? []);

/** What contacts knows of one person (the requester's record), to remove every copy of it from free text. */
export interface KnownPerson {
  names: string[];
  /** Exact values (fiscal code, e-mail, PEC, postal address), matched case-insensitively. */
  literals: { value: string; placeholder: string }[];
  /** Phone numbers, matched digit by digit whatever the separators (+39 347 555 0123 = 3475550123). */
  phones: string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The requester's own data first (exact values, phones in any spelling, names), then the one scrubber's rules. */
export function scrubKnownPerson(text: string, person: KnownPerson): string {
  let out = text;
  for (const { value, placeholder } of person.literals)
    if (value.trim().length >= 3)
      out = out.replace(new RegExp(escapeRegExp(value.trim()), 'gi'), placeholder);
  for (const phone of person.phones) {
    const digits = phone.replace(/\D/g, '').replace(/^(?:0039|39)(?=3\d{8,9}$)/, '');
    if (digits.length < 6) continue;
    const spelled = digits.split('').join('[\\s./-]*');
    out = out.replace(new RegExp(`(?:(?:\\+|00)39[\\s./-]*)?${spelled}`, 'g'), PLACEHOLDER.phone);
  }
  return scrubPersonalData(out, person.names);
}

/**
 * The context of a use case acting for one requester: the event builder's scrubber also removes that
 * person's own data (names without a cue word, fiscal code, e-mail, PEC, postal address, phone in any
 * spelling) from the free-text fields of the events it builds. A local pass-through over the kernel's
 * `TextScrubber` (which takes only names): the kernel could carry a `KnownPerson`-like value in its context.
 */
export function withKnownPerson(ctx: UseCaseContext, person: KnownPerson | undefined): UseCaseContext {
  if (!person || (!person.names.length && !person.literals.length && !person.phones.length)) return ctx;
  return {
    ...ctx,
    scrub: (text, known) =>
      scrubKnownPerson(text, { ...person, names: [...person.names, ...(known?.names ?? [])] }),
  };
}
