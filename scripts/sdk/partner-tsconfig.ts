// The compiler settings a partner's TypeScript project would have, for checking code written
// as a partner writes it (README examples, the spec's code samples) against the SDK.
export const PARTNER_COMPILER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  types: ['node'],
  allowImportingTsExtensions: true,
}

/** A tsconfig.json for the `.ts` files matched by `include`, with extra options on top. */
export function partnerTsconfig(include: string[], extra: Record<string, unknown>): string {
  return JSON.stringify({ compilerOptions: { ...PARTNER_COMPILER_OPTIONS, ...extra }, include })
}
