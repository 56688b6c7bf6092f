import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValueNode } from 'graphql';

/** C0 control characters except tab, line feed and carriage return, and DEL: never meaningful in our input. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControlCharacters = (s: string): boolean => CONTROL.test(s);

export const controlCharacterError = (field: string) => {
  const message = 'contiene caratteri di controllo non ammessi';
  // `fields` as every service's field-level error does (a client shows it beside the field)
  return new GraphQLError(`il campo «${field}» ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, fields: { [field]: message }, http: { status: 400 } },
  });
};

/** The first string in a JSON value (the request's variables) with a control character, by its path. */
export function findControlCharacters(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasControlCharacters(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacters(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findControlCharacters(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

function literalPath(node: ValueNode, path: string): string | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return hasControlCharacters(node.value) ? path : undefined;
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = literalPath(node.values[i], `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const f of node.fields) {
        const found = literalPath(f.value, `${path}.${f.name.value}`);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Refuses string literals (written with `\u0007` escapes: the lexer refuses raw ones) with control characters. */
export function controlCharactersInLiterals(context: ValidationContext): ASTVisitor {
  return {
    Argument(node) {
      const found = literalPath(node.value, node.name.value);
      if (found) context.reportError(controlCharacterError(found));
    },
  };
}
