/**
 * Personal data out of free text before it leaves the service (FAQ proposals, event fields the contract
 * marks as free text, Open311 answers, anonymised contacts): the platform's one scrubber, @urp/privacy
 * (e-mails, PEC, phones, fiscal codes, IBANs, addresses, plates, dates of birth, names), with the names the
 * caller knows (the requester's). What no pattern recognises is the operator's responsibility: a FAQ
 * proposal is a draft a back-office editor reviews.
 */
import type { TextScrubber } from '@urp/kernel';
import { scrubPersonalData as scrub } from '@urp/privacy';

export const scrubPersonalData = (text: string, knownNames: readonly string[] = []): string =>
  scrub(text, { knownNames });

/** The kernel's scrubber for the contract fields marked as free text (`urpFreeText`). */
export const contactsScrubber: TextScrubber = (text, known) => scrubPersonalData(text, known?.names ?? []);
