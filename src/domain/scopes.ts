/** What an API key may do. Scopes include the ones below them: admin ⊃ write ⊃ read. One rule for every door. */
export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

const rank: Record<Scope, number> = { read: 1, write: 2, admin: 3 };

/** True when a key with `scopes` may do what needs `needed`. */
export function hasScope(scopes: readonly Scope[], needed: Scope): boolean {
  return scopes.some((s) => rank[s] >= rank[needed]);
}
