import { Args, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@urp/auth';
import { guarded } from '../procedure/procedure.resolver';
import { RuleViolation } from '../procedure/procedure.rules';
import { AccessRegisterRepository } from '../repositories';
import { inSemester, registerCsv } from './access-register.rules';

@Resolver()
export class AccessRegisterResolver {
  constructor(private readonly register: AccessRegisterRepository) {}

  private rows(semester?: string) {
    return guarded(async () => {
      if (semester && !/^\d{4}-S[12]$/.test(semester))
        throw new RuleViolation({ semester: 'expected YYYY-S1 or YYYY-S2' });
      return (await this.register.all()).filter((r) => inSemester(r, semester ?? undefined));
    });
  }

  @Query('accessRegister')
  @Roles('backoffice', 'referent', 'manager', 'analyst')
  accessRegister(@Args('semester') semester?: string) {
    return this.rows(semester);
  }

  @Query('accessRegisterCsv')
  @Roles('backoffice', 'referent', 'manager', 'analyst')
  async csv(@Args('semester') semester?: string) {
    return registerCsv(await this.rows(semester));
  }
}
