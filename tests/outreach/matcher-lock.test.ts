// A volunteered or requested proposal must not race a match run (issue 17): both read an offer's free
// capacity and then write a proposal, so both hold the matcher's advisory lock. Here a "run" holds the lock
// and gives the offer's last slot away inside its open transaction; an expert volunteers the same offer
// meanwhile. With the lock, the volunteering waits for the run and then sees the offer full; without it,
// it would read the capacity the run started with and over-book the offer.
import { beforeEach, describe, expect, it } from "vitest";
import { takeMatchingLock } from "~/features/matching/index.server";
import {
  ReachOutRefusedError,
  requestOffer,
  volunteerOffer,
  type ReachActor,
} from "~/features/outreach/services/reach-out.server";
import { db, type Tx } from "~/utils/db.server";
import { createNeed, createNetwork, createOffer, resetMarketplace } from "../support/factories";
import { viewerOf } from "../review/helpers";

/** Is some session of this database waiting for an advisory lock? */
async function someoneWaitsForTheLock() {
  const rows = await db().$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM pg_locks
    WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return rows[0]!.n > 0;
}

async function world() {
  await resetMarketplace();
  const net = await createNetwork();
  const need = await createNeed({ organisationId: net.coalition.id, createdById: net.coalitionUser.id });
  const other = await createNeed({ organisationId: net.coalition.id, createdById: net.coalitionUser.id });
  const offer = await createOffer({
    organisationId: net.expert.id,
    createdById: net.expertUser.id,
    maxConcurrent: 1,
  });
  const expert: ReachActor = {
    viewer: viewerOf(net.expertUser.id, [{ id: net.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]),
  };
  const coalition: ReachActor = {
    viewer: viewerOf(net.coalitionUser.id, [{ id: net.coalition.id, kind: "COALITION" }]),
  };
  return { net, need, other, offer, expert, coalition };
}

type Road = (tx: Tx, actor: ReachActor, input: { needId: string; offerId: string }) => Promise<unknown>;

async function raceARun(w: Awaited<ReturnType<typeof world>>, road: Road, actor: ReachActor) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let runHoldsLock!: () => void;
  const lockHeld = new Promise<void>((r) => (runHoldsLock = r));
  // The "match run": takes the lock, gives the offer's only slot to the other need, commits when told.
  const run = db().$transaction(
    async (tx) => {
      await takeMatchingLock(tx);
      await tx.proposal.create({
        data: {
          needId: w.other.id,
          offerId: w.offer.id,
          expertOrganisationId: w.net.expert.id,
          status: "proposed",
          source: "worker",
          score: 70,
          breakdown: {},
        },
      });
      runHoldsLock();
      await released;
    },
    { timeout: 30_000 },
  );
  await lockHeld;
  let settled = false;
  const reaching = db()
    .$transaction((tx) => road(tx, actor, { needId: w.need.id, offerId: w.offer.id }))
    .then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    )
    .finally(() => (settled = true));
  // Until the reach-out either finished (it did not wait: no lock) or is seen waiting for the lock.
  const deadline = Date.now() + 15_000;
  while (!settled && !(await someoneWaitsForTheLock())) {
    if (Date.now() > deadline) throw new Error("the reach-out neither finished nor waited");
    await new Promise((r) => setTimeout(r, 20));
  }
  const finishedBeforeTheRun = settled;
  release();
  await run;
  const outcome = await reaching;
  return { finishedBeforeTheRun, outcome };
}

describe("reaching out takes the matcher's lock", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    w = await world();
  });

  for (const [name, road, who] of [
    ["We can help", volunteerOffer, "expert"],
    ["Ask this expert", requestOffer, "coalition"],
  ] as const) {
    it(`${name}: waits for a running match run and then sees the slot it gave away`, async () => {
      const { finishedBeforeTheRun, outcome } = await raceARun(w, road, w[who]);
      expect(finishedBeforeTheRun).toBe(false);
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? null : outcome.e;
      expect(error).toBeInstanceOf(ReachOutRefusedError);
      expect((error as ReachOutRefusedError).code).toBe("offerFull");
      // The offer holds one live proposal: the run's.
      const live = await db().proposal.findMany({ where: { offerId: w.offer.id } });
      expect(live.map((p) => p.needId)).toEqual([w.other.id]);
    });
  }
});
