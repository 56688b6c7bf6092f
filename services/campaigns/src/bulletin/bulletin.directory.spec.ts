import type { OutboxPort } from '@urp/kernel';
import type { Db } from 'mongodb';
import { CampaignsDirectory } from './bulletin.directory';
import { BulletinViews } from './bulletin.store';

/** The few collection calls the directory makes, on maps (the integration tests use FerretDB). */
function fakeDb(seed: Record<string, Record<string, unknown>[]> = {}) {
  const collections = new Map<string, Map<string, Record<string, unknown>>>();
  const of = (name: string) => {
    if (!collections.has(name))
      collections.set(name, new Map((seed[name] ?? []).map((d) => [String(d._id), d])));
    return collections.get(name)!;
  };
  const matches = (d: Record<string, unknown>, f: Record<string, unknown>) =>
    Object.entries(f).every(([k, v]) =>
      v && typeof v === 'object' && '$in' in v ? (v.$in as unknown[]).includes(d[k]) : d[k] === v,
    );
  const db = {
    collection: (name: string) => ({
      createIndex: async () => 'kind_1',
      findOne: async (f: { _id: string }) => of(name).get(f._id) ?? null,
      replaceOne: async (f: { _id: string }, d: Record<string, unknown>) => {
        of(name).set(f._id, { _id: f._id, ...d });
      },
      countDocuments: async (f: Record<string, unknown>) =>
        [...of(name).values()].filter((d) => matches(d, f)).length,
      find: (f: Record<string, unknown> = {}) => ({
        toArray: async () => [...of(name).values()].filter((d) => matches(d, f)),
      }),
    }),
  } as unknown as Db;
  return { db, of };
}

const outbox = { register: () => undefined } as unknown as OutboxPort;
const at = (day: number) => `2026-03-0${day}T10:00:00Z`;

describe('campaigns on the shared directory', () => {
  it('offices and referents with their e-mails, read as before: get by id (an office also by code), all', async () => {
    const { db } = fakeDb();
    const directory = new CampaignsDirectory(db);
    await directory.onModuleInit();
    const views = new BulletinViews(db, outbox, directory);
    const office = { code: 'tributi', name: 'Tributi', email: 'tributi@comune.example.it', changedAt: at(1) };
    await directory.applyOfficeChanged({ ...office, officeId: 'off_old', active: false });
    await directory.applyOfficeChanged({ ...office, officeId: 'off_new', active: true });
    await directory.applyReferentChanged({
      referentId: 'ref_1',
      name: 'Anna Riva',
      officeId: 'off_new',
      email: 'anna.riva@comune.example.it',
      active: true,
      changedAt: at(1),
    });
    expect(await views.referents.get('ref_1')).toMatchObject({
      email: 'anna.riva@comune.example.it',
      active: true,
    });
    expect(await views.referents.get('ref_x')).toBeNull();
    expect(await views.offices.get('off_old')).toMatchObject({ id: 'off_old', active: false });
    // a code: the active office that carries it, not the retired one
    expect(await views.offices.get('tributi')).toMatchObject({
      id: 'off_new',
      email: 'tributi@comune.example.it',
    });
    expect((await views.offices.all()).map((o) => o.id).sort()).toEqual(['off_new', 'off_old']);
    // last change wins: an older event does not bring the e-mail back
    await directory.applyReferentChanged({
      referentId: 'ref_1',
      name: 'Anna Riva',
      officeId: 'off_new',
      active: false,
      changedAt: at(3),
    });
    await directory.applyReferentChanged({
      referentId: 'ref_1',
      name: 'Anna Riva',
      officeId: 'off_new',
      email: 'anna.riva@comune.example.it',
      active: true,
      changedAt: at(2),
    });
    expect(await views.referents.get('ref_1')).toEqual({
      id: 'ref_1',
      name: 'Anna Riva',
      officeId: 'off_new',
      active: false,
    });
  });

  it('the first start takes over the former projections, once, and any later event wins over them', async () => {
    const { db, of } = fakeDb({
      kb_offices: [
        { _id: 'off_1', revision: 2, name: 'URP', code: 'urp', email: 'urp@comune.example.it', active: true },
      ],
      kb_referents: [
        {
          _id: 'ref_1',
          revision: 1,
          name: 'Luca Neri',
          officeId: 'off_1',
          email: 'l.neri@comune.example.it',
          active: true,
        },
      ],
    });
    const directory = new CampaignsDirectory(db);
    await directory.onModuleInit();
    expect(await directory.directory()).toEqual({
      offices: [{ id: 'off_1', code: 'urp', name: 'URP', email: 'urp@comune.example.it', active: true }],
      referents: [
        {
          id: 'ref_1',
          name: 'Luca Neri',
          officeId: 'off_1',
          email: 'l.neri@comune.example.it',
          active: true,
        },
      ],
    });
    await directory.applyReferentChanged({
      referentId: 'ref_1',
      name: 'Luca Neri',
      officeId: 'off_1',
      email: 'luca.neri@comune.example.it',
      active: true,
      changedAt: at(1),
    });
    // a second start: the directory has entries, the old projections are not read again
    of('kb_referents').set('ref_1', {
      _id: 'ref_1',
      name: 'Luca Neri',
      officeId: 'off_1',
      email: 'old@x.it',
      active: true,
    });
    await new CampaignsDirectory(db).onModuleInit();
    expect((await new CampaignsDirectory(db).referents())[0].email).toBe('luca.neri@comune.example.it');
  });
});
