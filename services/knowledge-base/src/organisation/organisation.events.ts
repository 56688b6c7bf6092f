import { OfficeChangedV1, ReferentChangedV1 } from '@urp/contracts';
import { emit, type UseCaseContext } from '@urp/kernel';
import type { Office, Referent } from './organisation.rules';

/** OfficeChanged: the full current state of the office. */
export const officeChanged = (ctx: UseCaseContext, o: Office) =>
  emit(ctx, OfficeChangedV1, o.id, {
    officeId: o.id,
    code: o.code,
    name: o.name,
    email: o.email,
    pec: o.pec,
    phone: o.phone,
    address: o.address,
    openingHours: o.openingHours,
    headReferentId: o.headReferentId,
    active: o.active,
    changedAt: ctx.now.toISOString(),
  });

/** ReferentChanged: the full current state of the referent. */
export const referentChanged = (ctx: UseCaseContext, r: Referent) =>
  emit(ctx, ReferentChangedV1, r.id, {
    referentId: r.id,
    name: r.name,
    officeId: r.officeId,
    email: r.email,
    role: r.role,
    staffId: r.staffId,
    active: r.active,
    changedAt: ctx.now.toISOString(),
  });
