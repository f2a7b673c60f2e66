/** Who performs a domain operation; the type lives with the rules about it in shared/policy.ts. */
export type { Actor } from '../../shared/policy.js'
