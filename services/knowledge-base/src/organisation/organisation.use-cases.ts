import { Inject, Injectable } from '@nestjs/common';
import { DomainError, execute, parseInput, ServiceKernel, type Actor } from '@urp/kernel';
import { v7 as uuidv7 } from 'uuid';
import type { KnowledgeStorePort } from '../content/content.store';
import { knowledgePolicy as policy } from '../knowledge-base.policy';
import {
  officeIdOf,
  OfficeInput,
  ReferentInput,
  saveOffice,
  saveReferent,
  type Office,
  type Referent,
} from './organisation.rules';
import { OfficeStore, ReferentStore } from './organisation.store';

/** Offices and referents: this service is their source of truth; every change is an event with the full state. */
@Injectable()
export class OrganisationUseCases {
  constructor(
    @Inject(OfficeStore) private readonly offices: KnowledgeStorePort<Office>,
    @Inject(ReferentStore) private readonly referents: KnowledgeStorePort<Referent>,
    private readonly kernel: ServiceKernel,
  ) {}

  async saveOffice(actor: Actor, raw: unknown): Promise<Office> {
    policy.authorize('office.save', actor);
    const input = parseInput(OfficeInput, raw);
    if (input.headReferentId && !(await this.referents.get(input.headReferentId)))
      throw DomainError.notFound(`il referente ${input.headReferentId}`);
    return execute(this.offices, officeIdOf(input.code), saveOffice, input, this.kernel.context(actor), {
      authorize: (o) => o && policy.authorize('office.save', actor, o),
    });
  }

  async saveReferent(actor: Actor, raw: unknown): Promise<Referent> {
    policy.authorize('referent.save', actor);
    const { id, ...fields } = parseInput(ReferentInput, raw);
    if (!(await this.offices.get(fields.officeId)))
      throw DomainError.notFound(`l'ufficio ${fields.officeId}`);
    const referentId = id ?? `ref-${uuidv7()}`;
    return execute(
      this.referents,
      referentId,
      saveReferent,
      { id: referentId, fields },
      this.kernel.context(actor),
      { authorize: (r) => r && policy.authorize('referent.save', actor, r) },
    );
  }

  office(actor: Actor, id?: string | null, code?: string | null): Promise<Office | null> {
    policy.authorize('office.read', actor);
    const key = id ?? (code ? officeIdOf(code) : undefined);
    return key ? this.offices.get(key) : Promise.resolve(null);
  }

  async listOffices(actor: Actor, activeOnly: boolean): Promise<Office[]> {
    policy.authorize('office.list', actor);
    return this.offices.find(activeOnly ? { active: true } : {}, { sort: { code: 1 } });
  }

  async referent(actor: Actor, id: string): Promise<Referent | null> {
    policy.authorize('referent.read', actor);
    const r = await this.referents.get(id);
    if (r) policy.authorize('referent.read', actor, r);
    return r;
  }

  async listReferents(actor: Actor, officeId?: string | null): Promise<Referent[]> {
    policy.authorize('referent.list', actor);
    const all = await this.referents.find(officeId ? { officeId } : {}, { sort: { name: 1 } });
    return policy.visible('referent.list', actor, all);
  }

  /** For other features' checks (a sheet's offices and owner must exist): no policy, no output to clients. */
  findOffice(id: string): Promise<Office | null> {
    return this.offices.get(id);
  }

  findReferent(id: string): Promise<Referent | null> {
    return this.referents.get(id);
  }

  /** Several at once, each read by `_id` (the per-request loaders of the sheets' office and owner fields). */
  findOffices(ids: readonly string[]): Promise<Map<string, Office>> {
    return this.offices.getMany(ids);
  }

  findReferents(ids: readonly string[]): Promise<Map<string, Referent>> {
    return this.referents.getMany(ids);
  }
}
