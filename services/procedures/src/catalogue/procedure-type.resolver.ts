import { Args, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { Roles } from '@urp/auth';
import { guarded } from '../procedure/procedure.resolver';
import { ProcedureService } from '../procedure/procedure.service';

@Resolver('ProcedureType')
export class ProcedureTypeResolver {
  constructor(private readonly service: ProcedureService) {}

  @ResolveReference()
  async resolveReference(ref: { id: string }) {
    return this.service.getType(ref.id.replace(/^pt_/, ''));
  }

  @Query('procedureTypes')
  procedureTypes(@Args('activeOnly') activeOnly?: boolean) {
    return this.service.listTypes(activeOnly ?? false);
  }

  @Query('procedureType')
  procedureType(@Args('code') code: string) {
    return this.service.getType(code);
  }

  @Mutation('saveProcedureType')
  @Roles('manager')
  save(@Args('input') input: Record<string, unknown>) {
    const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
    return guarded(() => this.service.saveType(clean));
  }
}
