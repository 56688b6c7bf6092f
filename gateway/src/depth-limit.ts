import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Rejects operations nested deeper than `max` selection sets (fragments followed). */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.flatMap((d) =>
          d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
        ),
    );
    // a fragment's depth is computed once: re-walking repeated spreads is exponential (a 1 KB query could
    // block the gateway for seconds)
    const fragmentDepth = new Map<string, number>();
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD)
          deepest = Math.max(deepest, s.selectionSet ? 1 + depth(s.selectionSet, seen) : 0);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depth(s.selectionSet, seen));
        else if (!seen.has(s.name.value)) {
          const name = s.name.value;
          if (!fragmentDepth.has(name)) {
            fragmentDepth.set(name, depth(fragments.get(name)?.selectionSet, new Set([...seen, name])));
          }
          deepest = Math.max(deepest, fragmentDepth.get(name)!);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(op) {
        const d = 1 + depth(op.selectionSet, new Set());
        if (d > max) {
          context.reportError(
            new GraphQLError(`query depth ${d} exceeds the limit of ${max}`, {
              nodes: [op],
              extensions: { code: 'QUERY_TOO_DEEP' },
            }),
          );
        }
      },
    };
  };
}
