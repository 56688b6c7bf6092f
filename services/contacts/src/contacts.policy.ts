/**
 * Who may do what in the contacts service: every query and mutation of the subgraph, plus the field-level
 * reads of personal data and internal notes, the public Open311 endpoints and the internal address
 * look-up. An action missing here is refused. `admin` may do everything. Office scope (`officeScoped`) stays
 * empty until referents are scoped to their offices (issue 12): behaviour is today's.
 */
import { definePolicy, rule } from '@urp/kernel';
import type { Contact } from './contact/contact.rules';
import type { Requester } from './requester/requester.rules';

const WORKERS = ['operator', 'backoffice', 'referent', 'manager'] as const;
const FRONT_OFFICE = ['operator', 'backoffice'] as const;
/** The office of a contact's case (or of the contact, when routed without a case). */
const officeOfContact = (c: Contact) => c.case?.officeId ?? c.officeId;

export const contactsPolicy = definePolicy({
  // contacts
  'contact.read': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'contact.list': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'contact.register': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  /** Historical imports (`registeredAt`, `closedAt`): migrations and demo data. */
  'contact.import': rule<Contact>({ roles: ['admin'] }),
  'contact.close': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  'contact.proposeFaq': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  'contact.duplicateSuggestions': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  /** The citizen's words and exact place: roles that work with citizens. */
  'contact.readPersonal': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  // cases
  'case.read': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.queue': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.cannedReplies': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.readNotes': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.route': rule<Contact>({ roles: ['operator', 'backoffice', 'manager'], officesOf: officeOfContact }),
  'case.suspend': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officesOf: officeOfContact,
  }),
  'case.resume': rule<Contact>({ roles: ['operator', 'backoffice', 'referent'], officesOf: officeOfContact }),
  'case.changeStatus': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.addNote': rule<Contact>({ roles: WORKERS, officesOf: officeOfContact }),
  'case.sendMessage': rule<Contact>({
    roles: ['operator', 'backoffice', 'referent'],
    officesOf: officeOfContact,
  }),
  'case.close': rule<Contact>({ roles: ['operator', 'backoffice', 'referent'], officesOf: officeOfContact }),
  'case.reopen': rule<Contact>({ roles: ['operator', 'backoffice', 'manager'], officesOf: officeOfContact }),
  'case.markDuplicate': rule<Contact>({ roles: FRONT_OFFICE, officesOf: officeOfContact }),
  // settings
  'settings.phaseLabels': rule({ roles: 'staff' }),
  'settings.duePolicy': rule({ roles: 'staff' }),
  'settings.setPhaseLabel': rule({ roles: ['admin'] }),
  'settings.setDuePolicy': rule({ roles: ['admin'] }),
  // requesters (personal data: GDPR art. 5, 25, 30)
  'requester.read': rule<Requester>({ roles: WORKERS }),
  'requester.find': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.create': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.update': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.anonymise': rule<Requester>({ roles: ['backoffice', 'admin'] }),
  'requester.readPersonal': rule<Requester>({ roles: FRONT_OFFICE }),
  'requester.audit': rule<Requester>({ roles: ['admin'] }),
  /** Another URP service resolving an address at delivery time (campaigns). */
  'requester.addresses': rule<Requester>({ roles: ['service'] }),
  // Open311 GeoReport v2: civic apps, no account
  'open311.report': rule({ roles: 'public' }),
  'open311.read': rule({ roles: 'public' }),
});
export type ContactsAction = keyof typeof contactsPolicy.table;
