import { Args, Mutation, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type {
  MutationSaveProcedureTypeArgs,
  QueryProcedureTypeArgs,
  QueryProcedureTypesArgs,
} from '../__generated__/graphql';
import type { ProcedureType } from './procedure-type.rules';
import { ProcedureTypeUseCases } from './procedure-type.use-cases';

@Resolver('ProcedureType')
export class ProcedureTypeResolver {
  constructor(private readonly types: ProcedureTypeUseCases) {}

  @ResolveReference()
  resolveReference(ref: { id: string }, @CurrentIdentity() who: Identity): Promise<ProcedureType | null> {
    return this.types.get(who, ref.id.replace(/^pt_/, ''));
  }

  @Query('procedureTypes')
  procedureTypes(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryProcedureTypesArgs,
  ): Promise<ProcedureType[]> {
    return this.types.list(who, args.activeOnly ?? false);
  }

  @Query('procedureType')
  procedureType(
    @CurrentIdentity() who: Identity,
    @Args() args: QueryProcedureTypeArgs,
  ): Promise<ProcedureType | null> {
    return this.types.get(who, args.code);
  }

  @Mutation('saveProcedureType')
  save(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSaveProcedureTypeArgs,
  ): Promise<ProcedureType> {
    return this.types.save(who, args.input, args.expectedRevision ?? undefined);
  }
}
