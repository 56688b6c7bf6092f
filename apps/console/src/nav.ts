import type { Role } from './lib/auth';

/** The sections of the console and the roles that see them. */
export const NAV: { href: string; label: string; roles: Role[] }[] = [
  { href: '/sportello', label: 'Sportello', roles: ['operator', 'backoffice'] },
  {
    href: '/pratiche',
    label: 'Le mie pratiche',
    roles: ['operator', 'backoffice', 'referent', 'manager', 'admin'],
  },
  { href: '/schede', label: 'Schede', roles: ['backoffice', 'referent', 'manager', 'admin'] },
  { href: '/cruscotto', label: 'Cruscotto', roles: ['manager', 'analyst', 'admin'] },
  { href: '/procedimenti', label: 'Procedimenti', roles: ['operator', 'backoffice', 'referent', 'manager'] },
  { href: '/campagne', label: 'Campagne', roles: ['backoffice', 'manager', 'analyst'] },
];
