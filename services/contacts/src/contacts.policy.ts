/**
 * Who may do what in the contacts service: every query and mutation of the subgraph, plus the field-level
 * reads of personal data and internal notes, the public Open311 endpoints and the internal address
 * look-up. An action missing here is refused. `admin` may do everything. Referents act on and see only the
 * contacts and cases of their own office(s) (`actor.offices`; an empty list is no office, never every office).
 */
import { definePolicy, rule } from '@urp/kernel';
import type { Contact } from './contact/contact.rules';
import type { Requester } from './requester/requester.rules';

/**
 * A requester as an office-scoped reader sees it: a requester has no office of its own, so its offices are
 * those of the cases opened for it (`caseOffices`, filled by the use case for office-scoped callers only).
 */
export type RequesterInScope = Requester & { readonly caseOffices?: readonly string[] };

const WORKERS = ['operator', 'backoffice', 'referent', 'manager'] as const;
const FRONT_OFFICE = ['operator', 'backoffice'] as const;
/** The office of a contact's case (or of the contact, when routed without a case). */
/** Roles that act only within their own office(s) (need to know, GDPR art. 5 and 25). */
const OFFICE_SCOPED = ['referent'] as const;
const officeOfContact = (c: Contact) => c.case?.officeId ?? c.officeId;

export const contactsPolicy = definePolicy({
  // contacts
  'contact.read': rule<Contact>({ roles: WORKERS, officeScoped: OFFICE_SCOPED, officesOf: officeOfContact }),
  'contact.list': rule<Contact>({ roles: WORKERS, officeScoped: OFFICE_SCOPED, officesOf: officeOfContact }),
  'contact.register': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  /** Historical imports (`registeredAt`, `closedAt`): migrations and demo data. */
  'contact.import': rule<Contact>({ roles: ['admin'] }),
  'contact.close': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'contact.proposeFaq': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'contact.duplicateSuggestions': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  /**
   * The citizen's words (the request as written, free text): roles that work with citizens, and the referents of
   * the office the contact is routed to, who must answer it (domain.md: need to know, art. 5 and 25 GDPR).
   */
  'contact.readText': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  /** The exact place of a report: roles that work with citizens (the others see the area). */
  'contact.readPersonal': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  // cases
  'case.read': rule<Contact>({ roles: WORKERS, officeScoped: OFFICE_SCOPED, officesOf: officeOfContact }),
  'case.queue': rule<Contact>({ roles: WORKERS, officeScoped: OFFICE_SCOPED, officesOf: officeOfContact }),
  'case.cannedReplies': rule<Contact>({
    roles: WORKERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.readNotes': rule<Contact>({
    roles: WORKERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.route': rule<Contact>({
    roles: ['operator', 'backoffice', 'manager'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.suspend': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.resume': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.changeStatus': rule<Contact>({
    roles: WORKERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.addNote': rule<Contact>({ roles: WORKERS, officeScoped: OFFICE_SCOPED, officesOf: officeOfContact }),
  'case.sendMessage': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.close': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.reopen': rule<Contact>({
    roles: ['operator', 'backoffice', 'manager'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  'case.markDuplicate': rule<Contact>({
    roles: FRONT_OFFICE,
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOfContact,
  }),
  // settings
  'settings.phaseLabels': rule({ roles: 'staff' }),
  'settings.duePolicy': rule({ roles: 'staff' }),
  'settings.setPhaseLabel': rule({ roles: ['admin'] }),
  'settings.setDuePolicy': rule({ roles: ['admin'] }),
  // requesters (personal data: GDPR art. 5, 25, 30)
  /** Referents: only requesters with a case assigned or routed to one of their offices (issue 12). */
  'requester.read': rule<RequesterInScope>({
    roles: WORKERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: (r) => r.caseOffices,
  }),
  'requester.find': rule<Requester>({ roles: FRONT_OFFICE }),
  /**
   * The search by name or fiscal code (WAVE4): the front office, and referents for the requesters of their
   * offices' cases (the queue's search box).
   */
  'requester.search': rule<RequesterInScope>({
    roles: [...FRONT_OFFICE, 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: (r) => r.caseOffices,
  }),
  'requester.create': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.update': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.anonymise': rule<Requester>({ roles: ['backoffice', 'admin'] }),
  'requester.readPersonal': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.audit': rule<Requester>({ roles: ['admin'] }),
  /** Another URP service resolving an address at delivery time (campaigns). */
  'requester.addresses': rule<Requester>({ roles: ['service'] }),
  /** Procedures fetching a procedure start's application form when it starts the procedure (never on an event). */
  'contact.procedureForm': rule<Contact>({ roles: ['service'] }),
  /** Campaigns fetching the text of a case's public message it delivers to the citizen (never on an event). */
  'case.messageText': rule<Contact>({ roles: ['service'] }),
  /** The citizen's status page (protocol number + the secret printed on the receipt): no account. */
  'publicStatus.read': rule({ roles: 'public' }),
  // Open311 GeoReport v2: civic apps, no account
  'open311.report': rule({ roles: 'public' }),
  'open311.read': rule({ roles: 'public' }),
});
export type ContactsAction = keyof typeof contactsPolicy.table;
