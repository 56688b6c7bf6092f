import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, type Identity } from '@urp/auth';
import type { MutationDefineSuspensionKindArgs } from '../__generated__/graphql';
import type { SuspensionKindView } from './suspension-kind.rules';
import { SuspensionKindUseCases } from './suspension-kind.use-cases';

@Resolver('SuspensionKind')
export class SuspensionKindResolver {
  constructor(private readonly kinds: SuspensionKindUseCases) {}

  @Query('suspensionKinds')
  suspensionKinds(@CurrentIdentity() who: Identity): Promise<SuspensionKindView[]> {
    return this.kinds.list(who);
  }

  @Mutation('defineSuspensionKind')
  define(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationDefineSuspensionKindArgs,
  ): Promise<SuspensionKindView> {
    return this.kinds.define(who, args.input);
  }
}
