/**
 * GraphQL enums are served with the domain's lower-case values (`enumResolver` in app.module.ts), so resolvers
 * see `draft`, not `DRAFT`: the generated types say the same.
 */
const lower = (...names: string[]) => Object.fromEntries(names.map((n) => [n, n.toLowerCase()]));

export default {
  enumValues: {
    CampaignStatus: lower(
      'DRAFT',
      'IN_APPROVAL',
      'APPROVED',
      'SCHEDULED',
      'RUNNING',
      'PAUSED',
      'COMPLETED',
      'ARCHIVED',
    ),
    CampaignChannel: lower('EMAIL', 'SMS', 'IO'),
    CampaignDeliveryStatus: lower(
      'QUEUED',
      'SENT',
      'DELIVERED',
      'OPENED',
      'CLICKED',
      'BOUNCED',
      'UNSUBSCRIBED',
    ),
    NotificationStatus: lower('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'BOUNCED'),
  },
};
