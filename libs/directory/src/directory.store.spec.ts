import type { Db } from 'mongodb';
import { DirectoryProjection, type DirectoryEntries } from './directory.store';

/** The few collection calls the projection makes, on a map (the services' integration tests use FerretDB). */
function fakeDb() {
  const docs = new Map<string, Record<string, unknown>>();
  const reads: string[] = [];
  const collection = {
    createIndex: async () => 'kind_1',
    findOne: async (f: { _id: string }) => docs.get(f._id) ?? null,
    replaceOne: async (f: { _id: string }, d: Record<string, unknown>) => {
      docs.set(f._id, { _id: f._id, ...d });
    },
    find: (f: { kind: string }) => {
      reads.push(f.kind);
      return { toArray: async () => [...docs.values()].filter((d) => d.kind === f.kind) };
    },
  };
  return { db: { collection: () => collection } as unknown as Db, docs, reads };
}

const office = (over: Record<string, unknown> = {}) => ({
  officeId: 'off_1',
  code: 'tributi',
  name: 'Ufficio Tributi',
  email: 'tributi@example.it',
  active: true,
  changedAt: '2026-03-01T10:00:00Z',
  ...over,
});

describe('the directory projection', () => {
  it('keeps the last change of each office and referent; an older replay changes nothing', async () => {
    const { db, docs } = fakeDb();
    const dir = new DirectoryProjection(db);
    expect(await dir.applyOfficeChanged(office())).toBe('applied');
    expect(await dir.applyOfficeChanged(office({ name: 'Tributi', changedAt: '2026-03-02T10:00:00Z' }))).toBe(
      'applied',
    );
    expect(await dir.applyOfficeChanged(office({ name: 'Vecchio nome' }))).toBe('stale');
    expect(
      await dir.applyReferentChanged({
        referentId: 'rf_1',
        name: 'Anna Riva',
        officeId: 'off_1',
        email: 'anna.riva@example.it',
        active: true,
        staffId: 'anna.riva',
        changedAt: '2026-03-01T10:00:00Z',
      }),
    ).toBe('applied');
    expect(await dir.directory()).toEqual({
      offices: [{ id: 'off_1', code: 'tributi', name: 'Tributi', active: true }],
      referents: [{ id: 'rf_1', name: 'Anna Riva', officeId: 'off_1', active: true, staffId: 'anna.riva' }],
    });
    // stored under `<kind>:<id>`, without the contact details the knowledge base publishes
    expect([...docs.keys()]).toEqual(['office:off_1', 'referent:rf_1']);
    expect(JSON.stringify([...docs.values()])).not.toContain('example.it');
  });

  it('serves each kind from memory until this instance writes it again', async () => {
    const { db, reads } = fakeDb();
    const dir = new DirectoryProjection(db);
    await dir.applyOfficeChanged(office());
    await dir.offices();
    await dir.offices();
    expect(reads).toEqual(['office']);
    await dir.applyOfficeChanged(office({ active: false, changedAt: '2026-03-03T10:00:00Z' }));
    expect((await dir.offices())[0].active).toBe(false);
    expect(reads).toEqual(['office', 'office']);
  });

  it('a service projects more kinds beside offices and referents', async () => {
    interface Entries extends DirectoryEntries {
      sheet: { id: string; slug: string };
    }
    class Extended extends DirectoryProjection<Entries> {
      sheets() {
        return this.all('sheet');
      }
    }
    const dir = new Extended(fakeDb().db);
    await dir.put('sheet', { id: 's1', slug: 'cambio-residenza' }, new Date('2026-03-01T00:00:00Z'));
    await dir.applyOfficeChanged(office());
    expect(await dir.sheets()).toEqual([{ id: 's1', slug: 'cambio-residenza' }]);
    expect((await dir.offices()).map((o) => o.id)).toEqual(['off_1']);
  });

  it('a directory that delivers to staff keeps the e-mails; the others never do', async () => {
    class WithEmails extends DirectoryProjection {
      protected override readonly keepsEmails = true;
    }
    const referent = {
      referentId: 'rf_1',
      name: 'Anna Riva',
      officeId: 'off_1',
      email: 'anna.riva@example.it',
      active: true,
      changedAt: '2026-03-01T10:00:00Z',
    };
    const withEmails = new WithEmails(fakeDb().db);
    await withEmails.applyOfficeChanged(office());
    await withEmails.applyReferentChanged(referent);
    expect(await withEmails.directory()).toEqual({
      offices: [
        { id: 'off_1', code: 'tributi', name: 'Ufficio Tributi', email: 'tributi@example.it', active: true },
      ],
      referents: [
        { id: 'rf_1', name: 'Anna Riva', officeId: 'off_1', email: 'anna.riva@example.it', active: true },
      ],
    });
    // an e-mail removed at the source is removed here too (the entry is replaced, not merged)
    await withEmails.applyReferentChanged({
      ...referent,
      email: undefined,
      changedAt: '2026-03-02T10:00:00Z',
    });
    expect((await withEmails.referents())[0].email).toBeUndefined();
    const plain = new DirectoryProjection(fakeDb().db);
    await plain.applyReferentChanged(referent);
    expect((await plain.referents())[0].email).toBeUndefined();
  });
});
