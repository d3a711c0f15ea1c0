// Capacity arithmetic, pure (shared by the server, the boards and the matcher).

export type OfferUsage = { activeEngagements: number; hoursThisMonth: number };

export type OfferCapacity = {
  slotsTotal: number;
  slotsUsed: number;
  slotsLeft: number;
  hoursTotal: number;
  hoursUsed: number;
  hoursLeft: number;
  /** No slot or no hour left this month. */
  full: boolean;
};

export function offerCapacity(
  offer: { hoursPerMonth: number; maxConcurrent: number },
  usage: OfferUsage,
): OfferCapacity {
  const slotsLeft = Math.max(0, offer.maxConcurrent - usage.activeEngagements);
  const hoursUsed = Math.round(usage.hoursThisMonth * 100) / 100;
  const hoursLeft = Math.max(0, Math.round((offer.hoursPerMonth - hoursUsed) * 100) / 100);
  return {
    slotsTotal: offer.maxConcurrent,
    slotsUsed: usage.activeEngagements,
    slotsLeft,
    hoursTotal: offer.hoursPerMonth,
    hoursUsed,
    hoursLeft,
    full: slotsLeft === 0 || hoursLeft === 0,
  };
}
