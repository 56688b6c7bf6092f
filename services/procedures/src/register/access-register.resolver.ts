import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { QueryAccessRegisterArgs, QueryAccessRegisterCsvArgs } from '../__generated__/graphql';
import { proceduresPolicy } from '../procedures.policy';
import { AccessRegisterReadModel } from './access-register.read-model';
import { inSemester, registerCsv, semesterRange, type AccessRegisterRow } from './access-register.rules';

/** The access register (registro degli accessi): rows, and the CSV for publication without personal data. */
@Resolver()
export class AccessRegisterResolver {
  constructor(private readonly register: AccessRegisterReadModel) {}

  private async rows(who: Identity, semester?: string | null): Promise<AccessRegisterRow[]> {
    proceduresPolicy.authorize('accessRegister.read', who);
    const range = semester ?? undefined;
    if (range) semesterRange(range); // a bad semester is refused even when the register is empty
    // referents: their offices' rows only (need to know; the published register is the whole one)
    return proceduresPolicy.visible('accessRegister.read', who, inSemester(await this.register.all(), range));
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
