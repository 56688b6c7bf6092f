import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  execute,
  parseInput,
  ServiceKernel,
  type Actor,
  type AggregateStore,
} from '@urp/kernel';
import {
  isLegalSuspensionKind,
  parseSuspensionKindCode,
  SUSPENSION_RULES,
  type SuspensionRule,
} from '@urp/legal-clock';
import { proceduresPolicy } from '../procedures.policy';
import {
  defineSuspensionKind,
  legalSuspensionKinds,
  ruleOfKind,
  suspensionKindId,
  SuspensionKindInput,
  viewOf,
  type SuspensionKind,
  type SuspensionKindView,
} from './suspension-kind.rules';
import { SuspensionKindStore } from './suspension-kind.store';

/** The catalogue of suspension kinds: the law's and the administration's (added by an administrator). */
@Injectable()
export class SuspensionKindUseCases {
  constructor(
    @Inject(SuspensionKindStore)
    private readonly store: AggregateStore<SuspensionKind> & Pick<SuspensionKindStore, 'all'>,
    private readonly kernel: ServiceKernel,
  ) {}

  async list(actor: Actor): Promise<SuspensionKindView[]> {
    proceduresPolicy.authorize('suspensionKind.read', actor);
    return [...legalSuspensionKinds(), ...(await this.store.all()).map(viewOf)];
  }

  async define(actor: Actor, input: unknown): Promise<SuspensionKindView> {
    proceduresPolicy.authorize('suspensionKind.define', actor);
    const command = parseInput(SuspensionKindInput, input);
    const saved = await execute(
      this.store,
      suspensionKindId(command.code),
      defineSuspensionKind,
      command,
      this.kernel.context(actor),
    );
    return viewOf(saved);
  }

  /**
   * The rule of the kind a suspension names, or a field-level refusal (`field`): a malformed code, or a kind
   * that is neither the law's nor defined by an administrator (never created on the fly).
   */
  async ruleFor(field: string, kind: string): Promise<{ code: string; rule: SuspensionRule }> {
    const code = parseSuspensionKindCode(kind);
    if (!code.ok) throw DomainError.invalid(field, code.message);
    if (isLegalSuspensionKind(code.value)) return { code: code.value, rule: SUSPENSION_RULES[code.value] };
    const local = await this.store.get(suspensionKindId(code.value));
    if (!local)
      throw DomainError.invalid(
        field,
        `tipo di sospensione sconosciuto: ${code.value}. I tipi ammessi sono quelli di legge (${Object.keys(SUSPENSION_RULES).join(', ')}) e quelli definiti da un amministratore`,
      );
    return { code: code.value, rule: ruleOfKind(local) };
  }
}
