import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, parseInput, type Actor, type Clock } from '@urp/kernel';
import { contactsPolicy } from '../contacts.policy';
import { DEFAULT_DUE_POLICY, type DuePolicyRule } from '../case/case-clock.rules';
import { DuePolicy, PhaseLabel, phaseLabels, type PhaseLabels } from './settings.rules';
import { SettingsStore } from './settings.store';
import { DEFAULT_TAXONOMY, level1Codes, type TaxonomyNode } from './taxonomy.rules';

/** The due-date policy and the phase labels of this administration (cached for a few seconds). */
@Injectable()
export class SettingsUseCases {
  private cached?: {
    at: number;
    policy: DuePolicyRule[];
    labels: PhaseLabels;
    taxonomy: TaxonomyNode[];
  };

  constructor(
    private readonly store: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async load() {
    const now = this.clock.now().getTime();
    if (this.cached && now - this.cached.at < 5000) return this.cached;
    const [policy, labels, taxonomy] = await Promise.all([
      this.store.get('due_policy'),
      this.store.get('phase_labels'),
      this.store.get('contact_taxonomy'),
    ]);
    this.cached = {
      at: now,
      policy: policy ?? DEFAULT_DUE_POLICY,
      labels: phaseLabels(labels),
      taxonomy: taxonomy?.length ? taxonomy : DEFAULT_TAXONOMY,
    };
    return this.cached;
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
    this.cached = undefined;
    return parsed;
  }

  async setLabel(actor: Actor, status: string, label: string): Promise<PhaseLabels> {
    contactsPolicy.authorize('settings.setPhaseLabel', actor);
    const parsed = parseInput(PhaseLabel, { status, label }, '');
    const current = (await this.store.get('phase_labels')) ?? {};
    await this.store.put('phase_labels', { ...current, [parsed.status]: parsed.label }, this.clock.now());
    this.cached = undefined;
    return this.labels();
  }
}
