/** Midnight UTC of the given moment's day: a wanted-by or due date before it has passed. */
export function startOfTodayUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
