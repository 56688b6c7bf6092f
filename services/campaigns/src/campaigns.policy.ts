import { definePolicy, rule } from '@urp/kernel';
import type { Campaign } from './campaign/campaign.rules';
import type { Notification } from './notification/notification.rules';

/**
 * Who may do what in the campaigns service: every query and mutation of the subgraph is an action here (an action
 * missing from the table is refused). Campaigns are the URP's own communication, not an office's: no office scope.
 */
export const campaignsPolicy = definePolicy({
  'campaign.read': rule<Campaign>({ roles: ['backoffice', 'manager', 'analyst'] }),
  'campaign.readability': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.blackouts': rule<Campaign>({ roles: ['backoffice', 'manager', 'analyst'] }),
  'campaign.segmentPreview': rule<Campaign>({ roles: ['backoffice', 'manager', 'analyst'] }),
  /** Who received what (pseudonymous ids): only roles with personal-data rights. */
  'campaign.deliveries': rule<Campaign>({ roles: ['manager'] }),
  'campaign.effect': rule<Campaign>({ roles: ['backoffice', 'manager', 'analyst'] }),
  'campaign.create': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.update': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.submit': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.approve': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  /**
   * Sends a submitted campaign back to draft; its writer may too (a withdrawal). Four eyes is not this table's:
   * a rejection, by anyone, clears no one's authorship (the kernel's `mayApprove`, campaign.rules.ts).
   */
  'campaign.reject': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.schedule': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.unschedule': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.pause': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.resume': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.complete': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'campaign.archive': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  'recipient.read': rule<Campaign>({ roles: ['operator', 'backoffice', 'manager'] }),
  'consent.record': rule<Campaign>({ roles: ['operator', 'backoffice'] }),
  'consent.withdraw': rule<Campaign>({ roles: ['operator', 'backoffice'] }),
  'recipient.doNotContact': rule<Campaign>({ roles: ['operator', 'backoffice', 'manager'] }),
  'bulletin.send': rule<Campaign>({ roles: ['backoffice', 'manager'] }),
  /**
   * Where the messages owed to people stand (states, failure codes, receipts; pseudonymous recipients): the URP's
   * staff, referents for their own office's items only (a notification without an office is not theirs).
   */
  'notification.read': rule<Notification>({
    roles: ['operator', 'backoffice', 'referent', 'manager'],
    officeScoped: ['referent'],
    officesOf: (n) => n.officeId,
  }),
});
export type CampaignsAction = keyof typeof campaignsPolicy.table;
