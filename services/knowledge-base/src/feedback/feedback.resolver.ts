import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, Public, type Identity } from '@urp/auth';
import type { ClarityFeedbackReceipt, MutationSubmitClarityFeedbackArgs } from '../__generated__/graphql';
import { FeedbackUseCases } from './feedback.use-cases';

@Resolver()
export class FeedbackResolver {
  constructor(private readonly feedback: FeedbackUseCases) {}

  @Mutation('submitClarityFeedback')
  @Public()
  submitFeedback(
    @CurrentIdentity() who: Identity,
    @Args() args: MutationSubmitClarityFeedbackArgs,
  ): Promise<ClarityFeedbackReceipt> {
    return this.feedback.submit(who, args.input);
  }
}
