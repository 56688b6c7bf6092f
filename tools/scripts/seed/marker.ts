// The "demo is there" marker and the "is the system empty" check of the demo seed (see seed-demo.ts).
import type { Db } from 'mongodb';
import type { SeedContext } from './lib';

export interface DemoMarkerDoc {
  _id: 'demo';
  status: 'loading' | 'loaded';
  startedAt: string;
  loadedAt?: string;
  /** What the load created (for whoever wonders what is demo data). */
  created?: Record<string, number>;
}

export function demoMarker(db: Db) {
  const col = db.collection<DemoMarkerDoc>('demo');
  return {
    read: () => col.findOne({ _id: 'demo' }),
    /** Claims the load; false when another load claimed it first (the unique _id decides). */
    async begin(): Promise<boolean> {
      try {
        await col.insertOne({ _id: 'demo', status: 'loading', startedAt: new Date().toISOString() });
        return true;
      } catch (e) {
        if ((e as { code?: number }).code === 11000) return false;
        throw e;
      }
    },
    async finish(created: Record<string, number>): Promise<void> {
      await col.updateOne(
        { _id: 'demo' },
        { $set: { status: 'loaded', loadedAt: new Date().toISOString(), created } },
      );
    },
  };
}

/**
 * What the system already holds, through the gateway: one cheap query per service (the first item of each
 * list). Empty means a fresh system the demo may fill.
 */
export async function systemData(ctx: SeedContext): Promise<string[]> {
  const [c, k, p, m, s] = await Promise.all([
    ctx.call('admin', '{ contacts(first: 1) { id } }'),
    ctx.call('backoffice', '{ offices { id } sheets(first: 1) { id } forms(first: 1) { id } }'),
    ctx.call('manager', '{ procedureTypes { code } procedures(first: 1) { id } }'),
    ctx.call('backoffice', '{ campaigns(first: 1) { id } }'),
    ctx.call('manager', '{ surveyInvitations(first: 1) { id } }'),
  ]);
  const found: [string, unknown[]][] = [
    ['contacts', c.contacts],
    ['offices', k.offices],
    ['sheets', k.sheets],
    ['forms', k.forms],
    ['procedure types', p.procedureTypes],
    ['procedures', p.procedures],
    ['campaigns', m.campaigns],
    ['survey invitations', s.surveyInvitations],
  ];
  return found.filter(([, list]) => list.length > 0).map(([name]) => name);
}
