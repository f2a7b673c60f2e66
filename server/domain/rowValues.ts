/** Converting PostgreSQL column values (pg and PGlite differ slightly) into the shared shapes. */

/** timestamptz → ISO 8601 instant (pg and PGlite return Date; a string passes through parsed). */
export function isoInstant(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return new Date(String(value)).toISOString()
}
