import { definePolicy, rule } from '@urp/kernel';
import type { ImprovementAction } from './alerts/action.rules';
import type { SatisfactionAlert } from './alerts/alert.rules';
import type { BacklogRow } from './indicators/indicator.queries';
import type { Invitation } from './invitation/invitation.rules';

/** Staff who see a survey invitation and its rating (on a contact, case or procedure). */
const READERS = ['operator', 'backoffice', 'referent', 'manager', 'analyst'] as const;
/** Who reads the indicators (L. 150/2000: the URP reports on its own work). */
const ANALYSTS = ['manager', 'analyst', 'backoffice'] as const;

/** Roles that act only within their own office(s) (need to know, GDPR art. 5 and 25). */
const OFFICE_SCOPED = ['referent'] as const;
const officeOf = (r: { officeId?: string }) => r.officeId;
/** An alert or action on an office scope belongs to that office; service and channel scopes to none. */
const scopeOffice = (r: { scope: string; scopeId: string }) => (r.scope === 'office' ? r.scopeId : undefined);

/**
 * Who may do what in the satisfaction service: every query and mutation of its subgraph, plus the citizen's
 * public page. Referents see only the invitations and alerts of their own office(s) (`actor.offices`; none: no
 * office).
 */
export const satisfactionPolicy = definePolicy({
  // survey definitions
  'survey.list': rule({ roles: ['backoffice', 'manager', 'analyst', 'operator'] }),
  'survey.read': rule({ roles: ['backoffice', 'manager', 'analyst', 'operator'] }),
  'survey.save': rule({ roles: ['manager', 'backoffice'] }),
  // invitations
  'invitation.read': rule<Invitation>({ roles: READERS, officeScoped: OFFICE_SCOPED, officesOf: officeOf }),
  'invitation.list': rule<Invitation>({
    roles: ['backoffice', 'manager', 'analyst'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOf,
  }),
  /**
   * The single-use link is the citizen's credential: whoever reads it can answer in their place, so staff
   * (rated by those answers) never read it, not even an admin. A `service` identity only (a kiosk or portal
   * integration that shows it to the citizen); the desk's survey reaches the citizen's own channel.
   */
  'invitation.link': rule({ roles: ['service'], noAdminOverride: true }),
  /** The link at send time, for the delivering service (campaigns): never a person, not even an admin. */
  'invitation.deliveryLink': rule({ roles: ['service'], noAdminOverride: true }),
  /**
   * The online service's own integration identity only: the answer returns the link, and an invitation for
   * any office and requester in a person's hands would be a rating they make up.
   */
  'invitation.completeOnlineService': rule({ roles: ['service'], noAdminOverride: true }),
  /** The single-use link is the credential: no account (the page answers 404 for an unknown token). */
  'invitation.answer': rule({ roles: 'public' }),
  // indicators
  'indicators.read': rule({ roles: ANALYSTS }),
  /** The backlog by office and referent: referents see their own offices' rows only. */
  'indicators.backlog': rule<BacklogRow>({
    roles: [...ANALYSTS, 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: officeOf,
  }),
  'indicators.status': rule({ roles: [...ANALYSTS, 'admin'] }),
  'indicators.rebuild': rule({ roles: ['admin'] }),
  // alerts and improvement actions
  'alert.list': rule<SatisfactionAlert>({
    roles: ['backoffice', 'manager', 'analyst'],
    officeScoped: OFFICE_SCOPED,
    officesOf: scopeOffice,
  }),
  'action.list': rule<ImprovementAction>({
    roles: ['backoffice', 'manager', 'analyst'],
    officeScoped: OFFICE_SCOPED,
    officesOf: scopeOffice,
  }),
  'action.propose': rule<ImprovementAction>({
    roles: ['backoffice', 'manager'],
    officeScoped: OFFICE_SCOPED,
    officesOf: scopeOffice,
  }),
  'action.change': rule<ImprovementAction>({
    roles: ['backoffice', 'manager'],
    officeScoped: OFFICE_SCOPED,
    officesOf: scopeOffice,
  }),
  /** Accepting or rejecting an improvement action is the manager's call. */
  'action.decide': rule<ImprovementAction>({
    roles: ['manager'],
    officeScoped: OFFICE_SCOPED,
    officesOf: scopeOffice,
  }),
});
