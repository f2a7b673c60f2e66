/** Weekly patterns are expanded by the shared rule, so the provider's form previews exactly what the server creates. */
export { expandWeeklyPattern, type SlotInstant, type WeeklyPattern } from '../../shared/slotRules.js'
