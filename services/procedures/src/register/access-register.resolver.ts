import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { AggregateStore } from '@urp/kernel';
import type { QueryAccessRegisterArgs, QueryAccessRegisterCsvArgs } from '../__generated__/graphql';
import type { Procedure } from '../procedure/procedure.state';
import { ProcedureStore } from '../procedure/procedure.store';
import { proceduresPolicy } from '../procedures.policy';
import { AccessRegisterReadModel } from './access-register.read-model';
import { inSemester, registerCsv, semesterRange, type AccessRegisterRow } from './access-register.rules';

/** The access register (registro degli accessi): rows, and the CSV for publication without personal data. */
@Resolver()
export class AccessRegisterResolver {
  constructor(
    private readonly register: AccessRegisterReadModel,
    @Inject(ProcedureStore) private readonly procedures: Pick<AggregateStore<Procedure>, 'getMany'>,
  ) {}

  private async rows(who: Identity, semester?: string | null): Promise<AccessRegisterRow[]> {
    proceduresPolicy.authorize('accessRegister.read', who);
    const range = semester ?? undefined;
    if (range) semesterRange(range); // a bad semester is refused even when the register is empty
    // referents: their offices' rows only (need to know; the published register is the whole one)
    const rows = await this.withOffices(inSemester(await this.register.all(), range));
    return proceduresPolicy.visible('accessRegister.read', who, rows);
  }

  /** Rows stored before they carried their office take it from their procedure (referents need it). */
  private async withOffices(rows: AccessRegisterRow[]): Promise<AccessRegisterRow[]> {
    const missing = rows.filter((r) => r.officeId === undefined).map((r) => r.procedureId);
    if (!missing.length) return rows;
    const found = await this.procedures.getMany(missing);
    return rows.map((r) => {
      const officeId = r.officeId ?? found.get(r.procedureId)?.officeId;
      return officeId ? { ...r, officeId } : r;
    });
  }

  @Query('accessRegister')
  accessRegister(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryAccessRegisterArgs,
  ): Promise<AccessRegisterRow[]> {
    return this.rows(who, args.semester);
  }

  @Query('accessRegisterCsv')
  async csv(@CurrentIdentity() who: Identity, @Args() args: QueryAccessRegisterCsvArgs): Promise<string> {
    return registerCsv(await this.rows(who, args.semester));
  }
}
