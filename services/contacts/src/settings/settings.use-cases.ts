import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, parseInput, type Actor, type Clock } from '@urp/kernel';
import { contactsPolicy } from '../contacts.policy';
import { DEFAULT_DUE_POLICY, type DuePolicyRule } from '../case/case-clock.rules';
import { DuePolicy, PhaseLabel, phaseLabels, type PhaseLabels } from './settings.rules';
import { SettingsStore } from './settings.store';
import { DEFAULT_TAXONOMY, level1Codes, type TaxonomyNode } from './taxonomy.rules';

/** How long the settings are served before they are read again (another instance's change shows within it). */
const SETTINGS_TTL_MS = 5000;

type CachedSettings = {
  at: number;
  policy: DuePolicyRule[];
  labels: PhaseLabels;
  taxonomy: TaxonomyNode[];
};

/**
 * The due-date policy, the phase labels and the taxonomy of this administration, served from memory: every
 * registration needs them (issue 17). One read at a time (concurrent callers share it), and after
 * `SETTINGS_TTL_MS` the values held are still served while one read refreshes them in the background; a change
 * made through this instance is seen at once, another instance's within a read after the TTL.
 */
@Injectable()
export class SettingsUseCases {
  private cached?: CachedSettings;
  private reading?: Promise<CachedSettings>;
  /** Bumped by each change through this instance: a read that started before it is not kept. */
  private generation = 0;

  constructor(
    private readonly store: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private load(): Promise<CachedSettings> {
    const now = this.clock.now().getTime();
    const held = this.cached;
    if (held && now - held.at < SETTINGS_TTL_MS) return Promise.resolve(held);
    const reading = (this.reading ??= this.read().finally(() => {
      if (this.reading === reading) this.reading = undefined;
    }));
    if (!held) return reading;
    // stale: served while the read runs (a failed background read is retried by the next caller)
    reading.catch(() => undefined);
    return Promise.resolve(held);
  }

  private async read(): Promise<CachedSettings> {
    const at = this.clock.now().getTime();
    const generation = this.generation;
    const [policy, labels, taxonomy] = await Promise.all([
      this.store.get('due_policy'),
      this.store.get('phase_labels'),
      this.store.get('contact_taxonomy'),
    ]);
    const read: CachedSettings = {
      at,
      policy: policy ?? DEFAULT_DUE_POLICY,
      labels: phaseLabels(labels),
      taxonomy: taxonomy?.length ? taxonomy : DEFAULT_TAXONOMY,
    };
    // a change written by this instance while the read ran wins over what the read saw
    if (generation === this.generation) this.cached = read;
    return read;
  }

  /** Forgets what is held and any read in flight: the next caller reads the settings just written. */
  private forget(): void {
    this.generation++;
    this.cached = undefined;
    this.reading = undefined;
  }

  /** For use cases (registration): no authorization, the policy is not personal. */
  async policy(): Promise<DuePolicyRule[]> {
    return (await this.load()).policy;
  }

  /** The contact taxonomy the registration checks categories against. */
  async taxonomy(): Promise<TaxonomyNode[]> {
    return (await this.load()).taxonomy;
  }

  async labels(): Promise<PhaseLabels> {
    return (await this.load()).labels;
  }

  async duePolicy(actor: Actor): Promise<DuePolicyRule[]> {
    contactsPolicy.authorize('settings.duePolicy', actor);
    return this.policy();
  }

  async phaseLabels(actor: Actor): Promise<PhaseLabels> {
    contactsPolicy.authorize('settings.phaseLabels', actor);
    return this.labels();
  }

  async setPolicy(actor: Actor, rules: unknown): Promise<DuePolicyRule[]> {
    contactsPolicy.authorize('settings.setDuePolicy', actor);
    const parsed = parseInput(DuePolicy, rules, 'rules');
    // a rule per category names a first-level code of the taxonomy
    const known = level1Codes(await this.taxonomy());
    const unknown = parsed.flatMap((r, i) =>
      r.categoryLevel1 && !known.includes(r.categoryLevel1)
        ? [[`rules.${i}.categoryLevel1`, `categoria sconosciuta: "${r.categoryLevel1}"`] as const]
        : [],
    );
    if (unknown.length) throw DomainError.invalidFields(Object.fromEntries(unknown));
    await this.store.put('due_policy', parsed, this.clock.now());
    this.forget();
    return parsed;
  }

  async setLabel(actor: Actor, status: string, label: string): Promise<PhaseLabels> {
    contactsPolicy.authorize('settings.setPhaseLabel', actor);
    const parsed = parseInput(PhaseLabel, { status, label }, '');
    const current = (await this.store.get('phase_labels')) ?? {};
    await this.store.put('phase_labels', { ...current, [parsed.status]: parsed.label }, this.clock.now());
    this.forget();
    return this.labels();
  }
}
