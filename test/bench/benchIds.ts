/**
 * Deterministic ids for bench rows, so pgbench (which only has integer variables) can address
 * the same slots and customers as the HTTP load: row n of a kind is a valid v4-shaped uuid whose
 * last 12 hex digits are n. Kinds differ in the variant group so ids never collide.
 */
const PREFIX = { slot: '00000000-0000-4000-8000-', customer: '00000000-0000-4000-9000-' } as const
export type IdKind = keyof typeof PREFIX

export function benchId(kind: IdKind, n: number): string {
  return PREFIX[kind] + n.toString(16).padStart(12, '0')
}

/** The same mapping as SQL, for an integer-valued SQL expression `n`. */
export function benchIdSql(kind: IdKind, n: string): string {
  return `('${PREFIX[kind]}' || lpad(to_hex(${n}), 12, '0'))::uuid`
}
