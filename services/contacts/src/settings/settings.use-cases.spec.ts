import { FixedClock, type Actor } from '@urp/kernel';
import { DEFAULT_DUE_POLICY, type DuePolicyRule } from '../case/case-clock.rules';
import type { SettingsStore } from './settings.store';
import { SettingsUseCases } from './settings.use-cases';

/** A settings store that counts its reads and answers them when the test says so. */
function slowStore() {
  const values = new Map<string, unknown>();
  const waiting: (() => void)[] = [];
  let reads = 0;
  const store = {
    get: async (id: string) => {
      reads++;
      const value = values.get(id); // what was stored when the read started
      await new Promise<void>((resolve) => waiting.push(resolve));
      return value;
    },
    put: async (id: string, value: unknown) => void values.set(id, value),
  };
  return {
    store: store as unknown as SettingsStore,
    values,
    reads: () => reads,
    answer: async () => {
      while (waiting.length) waiting.shift()?.();
      await new Promise((r) => setImmediate(r));
    },
  };
}

const ADMIN: Actor = { sub: 'adm', roles: ['admin'] };
const rule = (days: number): DuePolicyRule[] => [{ days, reminderAfterDays: days - 5 }];

describe('SettingsUseCases: the settings every registration reads (issue 17)', () => {
  it('reads the store once for concurrent registrations', async () => {
    const s = slowStore();
    const settings = new SettingsUseCases(s.store, new FixedClock(new Date('2026-03-02T09:00:00Z')));
    const asked = Array.from({ length: 16 }, () => settings.policy());
    await s.answer();
    expect(await Promise.all(asked)).toEqual(Array.from({ length: 16 }, () => DEFAULT_DUE_POLICY));
    expect(s.reads()).toBe(3); // due policy, phase labels, taxonomy: once
  });

  it('after a while serves what it holds while one read refreshes it, then the new value', async () => {
    const s = slowStore();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const settings = new SettingsUseCases(s.store, clock);
    const first = settings.policy();
    await s.answer();
    await first;
    s.values.set('due_policy', rule(20)); // another instance changed it
    clock.set(new Date('2026-03-02T09:00:06Z'));
    // not waiting for the store: the held value at once, the refresh behind it
    expect(await Promise.all([settings.policy(), settings.policy()])).toEqual([
      DEFAULT_DUE_POLICY,
      DEFAULT_DUE_POLICY,
    ]);
    expect(s.reads()).toBe(6);
    await s.answer();
    expect(await settings.policy()).toEqual(rule(20));
    expect(s.reads()).toBe(6);
  });

  it('sees its own change at once, even when a refresh that started before it ends after it', async () => {
    const s = slowStore();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const settings = new SettingsUseCases(s.store, clock);
    const first = settings.policy();
    await s.answer();
    await first;
    clock.set(new Date('2026-03-02T09:00:06Z'));
    expect(await settings.policy()).toEqual(DEFAULT_DUE_POLICY); // held; a refresh reads the old values
    await settings.setPolicy(ADMIN, rule(15)); // written while that refresh is in flight
    await s.answer(); // the refresh ends now, with what it read before the change
    const after = settings.policy();
    await s.answer();
    expect(await after).toEqual(rule(15));
  });
});
