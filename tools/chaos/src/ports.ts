import type { StackPorts } from './stack';

/** Where the chaos suite and the seed test run their stack unless URP_*_PORT say otherwise (not npm start's). */
export const DEFAULT_PORTS: StackPorts = {
  gateway: 4500,
  contacts: 4501,
  satisfaction: 4502,
  knowledge: 4503,
  procedures: 4504,
  campaigns: 4505,
  mailboxSmtp: 2925,
  mailboxHttp: 8425,
};
