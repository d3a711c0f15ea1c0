/**
 * An independent, deliberately simple exact solver for the matching objective — test and benchmark support
 * only (it is O(needs × offers) to build and slow to solve). It shares nothing with the fast path except the
 * reference filter, scoring and penalty functions:
 *
 *   - every pair is checked with `checkHardFilters` and scored with `scorePair` (no index, no pruning);
 *   - diversity as the rules say it: a need whose eligible pairs (and locked proposals) span ≥ 2
 *     organisations takes at most one proposal per organisation, and none from one it already holds;
 *   - the assignment is a textbook min-cost flow: successive shortest paths found with Bellman-Ford (queue
 *     based), on an explicit arc list — need → (need, organisation) → offer → organisation → sink, with the
 *     fairness penalties (per offer and per organisation) as parallel unit arcs — in floating point (no
 *     rounding of scores).
 *
 * Maximises Σ base scores − Σ penalties subject to: ≤ K − locked proposals per need, ≤ free slots per
 * offer, one proposal per pair. Movable proposals are taken out of the loads (the run re-decides them).
 */
import {
  checkHardFilters,
  fairnessMarginal,
  lookup,
  offerFairnessMarginal,
  OfferIndex,
  pairKey,
  referenceLoadOf,
  resolveMatchingConfig,
  scorePair,
  type MatchingConfigOverrides,
  type MatchInput,
  type MatchOffer,
  type OfferLoad,
  type PairRef,
} from "~/features/matching/core";

export interface ReferenceSolution {
  total: number;
  pairs: PairRef[];
  /** Eligible pairs (after hard filters and minimum score). */
  eligiblePairs: number;
}

interface Arc {
  to: number;
  cap: number;
  cost: number;
  rev: number;
}

export function solveReference(input: MatchInput, overrides?: MatchingConfigOverrides): ReferenceSolution {
  const cfg = resolveMatchingConfig(overrides);
  const offers: readonly MatchOffer[] =
    input.offers instanceof OfferIndex ? input.offers.offers : input.offers;
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const needs = input.needs;

  // loads without the movable proposals
  const movableOffer = new Map<string, number>();
  const movableOrg = new Map<string, number>();
  for (const p of input.movableProposals ?? []) {
    movableOffer.set(p.offerId, (movableOffer.get(p.offerId) ?? 0) + 1);
    const org = p.expertOrganisationId ?? offerById.get(p.offerId)?.organisationId ?? "";
    movableOrg.set(org, (movableOrg.get(org) ?? 0) + 1);
  }
  const offerLoad = (id: string): OfferLoad | undefined => {
    const l = lookup(input.offerLoads, id);
    const m = movableOffer.get(id) ?? 0;
    return l && m ? { ...l, openProposals: Math.max(0, l.openProposals - m) } : l;
  };
  const orgIds = [...new Set(offers.map((o) => o.organisationId))];
  const orgLoad = new Map<string, number>();
  for (const g of orgIds) {
    const el = lookup(input.expertLoads, g);
    let load = 0;
    if (el) load = el.activeEngagements + Math.max(0, el.openProposals - (movableOrg.get(g) ?? 0));
    else
      for (const o of offers) {
        if (o.organisationId !== g) continue;
        const ol = offerLoad(o.id);
        if (ol) load += ol.activeEngagements + ol.openProposals;
      }
    orgLoad.set(g, load);
  }
  let reference = input.referenceLoad;
  if (reference === undefined) {
    const active = orgIds.filter((g) => offers.some((o) => o.organisationId === g && o.status === "active"));
    reference = active.length ? active.reduce((a, g) => a + orgLoad.get(g)!, 0) / active.length : 0;
  }
  const ref = referenceLoadOf(reference, cfg);

  const declined = new Set((input.declinedPairs ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const existing = new Set((input.existingProposals ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const lockedCount = new Map<string, number>();
  const lockedOrgs = new Map<string, Set<string>>();
  for (const p of input.existingProposals ?? []) {
    lockedCount.set(p.needId, (lockedCount.get(p.needId) ?? 0) + 1);
    const org = p.expertOrganisationId ?? offerById.get(p.offerId)?.organisationId ?? "?";
    if (!lockedOrgs.has(p.needId)) lockedOrgs.set(p.needId, new Set());
    lockedOrgs.get(p.needId)!.add(org);
  }

  // nodes: source, needs, (need, org) groups, offers, orgs, sink
  const graph: Arc[][] = [];
  const node = () => graph.push([]) - 1;
  const addArc = (u: number, v: number, cap: number, cost: number) => {
    graph[u]!.push({ to: v, cap, cost, rev: graph[v]!.length });
    graph[v]!.push({ to: u, cap: 0, cost: -cost, rev: graph[u]!.length - 1 });
  };
  const src = node();
  const sink = node();
  const offerNode = offers.map(() => node());
  const orgNode = new Map(orgIds.map((g) => [g, node()]));

  const pairArcs: { needId: string; offerId: string; u: number; idx: number }[] = [];
  let eligiblePairs = 0;
  for (const n of needs) {
    if (!cfg.matchableNeedStatuses.includes(n.status)) continue;
    const supply = Math.max(0, cfg.proposalsPerNeed - (lockedCount.get(n.id) ?? 0));
    if (supply === 0) continue;
    // an organisation qualifies with an offer passing every hard filter but free slots, at the minimum
    // score; it can be proposed when that offer has a free slot too
    const eligible: { j: number; score: number; org: string }[] = [];
    const qualifying = new Set(lockedOrgs.get(n.id) ?? []);
    offers.forEach((o, j) => {
      const fails = checkHardFilters(n, o, {
        now: input.now,
        config: cfg,
        offerLoad: offerLoad(o.id),
        declined: declined.has(pairKey(n.id, o.id)),
        alreadyProposed: existing.has(pairKey(n.id, o.id)),
      });
      if (fails.some((f) => f !== "capacity_slots")) return;
      const s = scorePair(n, o, {
        now: input.now,
        config: cfg,
        history: lookup(input.outcomeHistory, o.organisationId),
        offerLoad: offerLoad(o.id),
      }).baseScore;
      if (s < cfg.minScore || s < cfg.assignmentResolution / 2) return;
      qualifying.add(o.organisationId);
      if (fails.length === 0) eligible.push({ j, score: s, org: o.organisationId });
    });
    const locked = lockedOrgs.get(n.id) ?? new Set<string>();
    const diverse = cfg.diversity.onePerOrganisation && qualifying.size >= 2;
    const usable = diverse ? eligible.filter((e) => !locked.has(e.org)) : eligible;
    if (usable.length === 0) continue;
    const needNode = node();
    addArc(src, needNode, supply, 0);
    const groups = new Map<string, number>();
    for (const e of usable) {
      let h = groups.get(e.org);
      if (h === undefined) {
        h = node();
        groups.set(e.org, h);
        addArc(needNode, h, diverse ? 1 : supply, 0);
      }
      eligiblePairs++;
      pairArcs.push({ needId: n.id, offerId: offers[e.j]!.id, u: h, idx: graph[h]!.length });
      addArc(h, offerNode[e.j]!, 1, -e.score);
    }
  }
  offers.forEach((o, j) => {
    const load = offerLoad(o.id);
    const used = (load?.activeEngagements ?? 0) + (load?.openProposals ?? 0);
    const free = Math.max(0, Math.floor(o.maxConcurrent) - used);
    for (let k = 0; k < free; k++)
      addArc(
        offerNode[j]!,
        orgNode.get(o.organisationId)!,
        1,
        offerFairnessMarginal(used + k, Math.floor(o.maxConcurrent), cfg),
      );
  });
  for (const g of orgIds) {
    const cap = offers
      .filter((o) => o.organisationId === g)
      .reduce((a, o) => {
        const l = offerLoad(o.id);
        return a + Math.max(0, o.maxConcurrent - (l?.activeEngagements ?? 0) - (l?.openProposals ?? 0));
      }, 0);
    for (let j = 0; j < cap; j++)
      addArc(orgNode.get(g)!, sink, 1, fairnessMarginal(orgLoad.get(g)! + j, ref, cfg));
  }

  // successive shortest paths, Bellman-Ford (queue based); stop when the cheapest path is not negative
  const V = graph.length;
  let total = 0;
  const dist = new Array<number>(V);
  const inQueue = new Array<boolean>(V);
  const prevNode = new Array<number>(V);
  const prevArc = new Array<number>(V);
  for (;;) {
    dist.fill(Infinity);
    inQueue.fill(false);
    dist[src] = 0;
    const queue: number[] = [src];
    inQueue[src] = true;
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head]!;
      inQueue[u] = false;
      const arcs = graph[u]!;
      for (let k = 0; k < arcs.length; k++) {
        const a = arcs[k]!;
        if (a.cap <= 0) continue;
        const nd = dist[u]! + a.cost;
        if (nd < dist[a.to]! - 1e-9) {
          dist[a.to] = nd;
          prevNode[a.to] = u;
          prevArc[a.to] = k;
          if (!inQueue[a.to]) {
            inQueue[a.to] = true;
            queue.push(a.to);
          }
        }
      }
    }
    if (!(dist[sink]! < -1e-9)) break;
    let v = sink;
    while (v !== src) {
      const u = prevNode[v]!;
      const a = graph[u]![prevArc[v]!]!;
      a.cap -= 1;
      graph[v]![a.rev]!.cap += 1;
      v = u;
    }
    total -= dist[sink]!;
  }
  const pairs = pairArcs
    .filter((p) => graph[p.u]![p.idx]!.cap === 0)
    .map((p) => ({ needId: p.needId, offerId: p.offerId }));
  return { total, pairs, eligiblePairs };
}
