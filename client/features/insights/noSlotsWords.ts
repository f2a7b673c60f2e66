/**
 * What the seat share of a period without past (or upcoming) slots reads as: a percentage of nothing
 * is not 0%, and "no seats published" would be wrong when the period's slots are all on the other
 * side of now.
 */
export const noSlotsWords = (when: 'past' | 'upcoming') => `No ${when} slots in this period`
