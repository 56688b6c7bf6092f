import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createEvent, OfficeChangedV1, ReferentChangedV1 } from '@urp/contracts';
import { EventOutbox } from '@urp/messaging';
import { isDuplicateKeyError } from '@urp/persistence';
import type { Model } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { conflict, notFound, parseInput } from '../content/errors';
import { VersionedStore } from '../content/versioned.store';
import {
  officeIdOf,
  OfficeInput,
  ReferentInput,
  sameFields,
  type Office,
  type Referent,
} from './organisation.rules';
import { OFFICE_MODEL, REFERENT_MODEL } from './organisation.schema';

export const SOURCE = '/urp/knowledge-base';

/** Offices and referents: this service is their source of truth; every change is an event with the full state. */
@Injectable()
export class OrganisationService {
  readonly offices: VersionedStore<Office>;
  readonly referents: VersionedStore<Referent>;

  constructor(
    @InjectModel(OFFICE_MODEL) officeModel: Model<any>,
    @InjectModel(REFERENT_MODEL) referentModel: Model<any>,
    outbox: EventOutbox,
  ) {
    this.offices = new VersionedStore<Office>(officeModel, outbox);
    this.referents = new VersionedStore<Referent>(referentModel, outbox);
  }

  async saveOffice(raw: unknown): Promise<Office> {
    const input = parseInput(OfficeInput, raw, 'cannot save the office');
    if (input.headReferentId && !(await this.referents.findById(input.headReferentId)))
      throw notFound(`referent ${input.headReferentId}`);
    const id = officeIdOf(input.code);
    const now = new Date();
    const current = await this.offices.findById(id);
    const event = (o: OfficeInput) =>
      createEvent(
        OfficeChangedV1,
        id,
        {
          officeId: id,
          code: o.code,
          name: o.name,
          email: o.email,
          pec: o.pec,
          phone: o.phone,
          address: o.address,
          openingHours: o.openingHours,
          headReferentId: o.headReferentId,
          active: o.active,
          changedAt: now.toISOString(),
        },
        { source: SOURCE },
      );
    if (!current) {
      const doc: Office = { _id: id, ...input, seq: 0, createdAt: now, updatedAt: now };
      try {
        await this.offices.insert(doc, [event(input)]);
      } catch (e) {
        if (isDuplicateKeyError(e)) throw conflict(`office ${input.code} was created meanwhile: retry`);
        throw e;
      }
      return doc;
    }
    const full: OfficeInput = Object.assign(
      {
        email: undefined,
        pec: undefined,
        phone: undefined,
        address: undefined,
        openingHours: undefined,
        headReferentId: undefined,
      },
      input,
    );
    if (sameFields(current, full)) return current;
    if (!(await this.offices.save(id, current.seq, full, [event(input)], now)))
      throw conflict(`office ${input.code} was changed meanwhile: retry`);
    return { ...current, ...full, seq: current.seq + 1, updatedAt: now };
  }

  async saveReferent(raw: unknown): Promise<Referent> {
    const input = parseInput(ReferentInput, raw, 'cannot save the referent');
    if (!(await this.offices.findById(input.officeId))) throw notFound(`office ${input.officeId}`);
    const now = new Date();
    const { id: given, ...fields } = input;
    const id = given ?? `ref-${uuidv7()}`;
    const current = given ? await this.referents.findById(id) : null;
    const event = createEvent(
      ReferentChangedV1,
      id,
      {
        referentId: id,
        name: fields.name,
        officeId: fields.officeId,
        email: fields.email,
        role: fields.role,
        staffId: fields.staffId,
        active: fields.active,
        changedAt: now.toISOString(),
      },
      { source: SOURCE },
    );
    if (!current) {
      const doc: Referent = { _id: id, ...fields, seq: 0, createdAt: now, updatedAt: now };
      try {
        await this.referents.insert(doc, [event]);
      } catch (e) {
        if (isDuplicateKeyError(e)) throw conflict(`referent ${id} was created meanwhile: retry`);
        throw e;
      }
      return doc;
    }
    const full = Object.assign({ email: undefined, role: undefined, staffId: undefined }, fields);
    if (sameFields(current, full)) return current;
    if (!(await this.referents.save(id, current.seq, full, [event], now)))
      throw conflict(`referent ${id} was changed meanwhile: retry`);
    return { ...current, ...full, seq: current.seq + 1, updatedAt: now };
  }

  office(id?: string | null, code?: string | null): Promise<Office | null> {
    if (id) return this.offices.findById(id);
    if (code) return this.offices.findById(officeIdOf(code));
    return Promise.resolve(null);
  }

  listOffices(activeOnly: boolean): Promise<Office[]> {
    return this.offices.find(activeOnly ? { active: true } : {}, 0, { code: 1 });
  }

  referent(id: string): Promise<Referent | null> {
    return this.referents.findById(id);
  }

  listReferents(officeId?: string | null): Promise<Referent[]> {
    return this.referents.find(officeId ? { officeId } : {}, 0, { name: 1 });
  }
}
