/** A date moved by n days, not before `min` (YYYY-MM-DD, UTC). */
export function shiftDays(date: string | null, n: number, min: string | null): string | null {
  if (!date) return null;
  const out = new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  return min && out < min ? min : out;
}
