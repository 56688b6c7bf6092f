// @orama/stemmers declares its entry points in package.json "exports", which the workspace's
// `moduleResolution: node` does not read (Node itself resolves them at run time).
declare module '@orama/stemmers/italian' {
  export function stemmer(word: string): string;
  export const language: string;
}
