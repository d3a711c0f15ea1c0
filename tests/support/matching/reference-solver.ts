/**
 * An independent, deliberately simple exact solver for the matching objective — test and benchmark support
 * only (it is O(needs × offers) to build and slow to solve). It shares nothing with the fast path except the
 * reference filter and scoring functions:
 *
 *   - every pair is checked with `checkHardFilters` and scored with `scorePair` (no index, no pruning);
 *   - the assignment is a textbook min-cost flow: successive shortest paths found with Bellman-Ford (queue
 *     based), on an explicit arc list with the fairness penalty as parallel unit arcs org → sink, in floating
 *     point (no rounding of scores).
 *
 * Maximises Σ base scores − Σ fairness penalties subject to: ≤ K − live proposals per need, ≤ free slots per
 * offer, one proposal per pair.
 */
import { resolveMatchingConfig, type MatchingConfigOverrides } from "~/features/matching/core";
import { checkHardFilters, fairnessMarginal, lookup, scorePair } from "~/features/matching/core/factors";
import { OfferIndex } from "~/features/matching/core";
import type { ExpertLoad, MatchInput, MatchOffer, PairRef } from "~/features/matching/core";

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
  const needs = input.needs;
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const declined = new Set((input.declinedPairs ?? []).map((p) => key(p.needId, p.offerId)));
  const existing = new Set((input.existingProposals ?? []).map((p) => key(p.needId, p.offerId)));
  const existingCount = new Map<string, number>();
  for (const k of existing) {
    const needId = k.split("\u0000")[0]!;
    existingCount.set(needId, (existingCount.get(needId) ?? 0) + 1);
  }

  // nodes: source, needs, offers, orgs, sink
  const orgIds = [...new Set(offers.map((o) => o.organisationId))];
  const orgIndex = new Map(orgIds.map((g, i) => [g, i]));
  const src = 0;
  const needNode = (i: number) => 1 + i;
  const offerNode = (j: number) => 1 + needs.length + j;
  const orgNode = (g: number) => 1 + needs.length + offers.length + g;
  const sink = 1 + needs.length + offers.length + orgIds.length;
  const graph: Arc[][] = Array.from({ length: sink + 1 }, () => []);
  const addArc = (u: number, v: number, cap: number, cost: number) => {
    graph[u]!.push({ to: v, cap, cost, rev: graph[v]!.length });
    graph[v]!.push({ to: u, cap: 0, cost: -cost, rev: graph[u]!.length - 1 });
  };

  const pairArcs: { needId: string; offerId: string; u: number; idx: number; score: number }[] = [];
  let eligiblePairs = 0;
  const offerSlotsFree = new Array<number>(offers.length).fill(0);
  for (let j = 0; j < offers.length; j++) {
    const o = offers[j]!;
    const load = lookup(input.offerLoads, o.id);
    offerSlotsFree[j] = Math.max(
      0,
      Math.floor(o.maxConcurrent) - (load?.activeEngagements ?? 0) - (load?.openProposals ?? 0),
    );
  }
  for (let i = 0; i < needs.length; i++) {
    const n = needs[i]!;
    const supply = cfg.matchableNeedStatuses.includes(n.status)
      ? Math.max(0, cfg.proposalsPerNeed - (existingCount.get(n.id) ?? 0))
      : 0;
    if (supply > 0) addArc(src, needNode(i), supply, 0);
    for (let j = 0; j < offers.length; j++) {
      const o = offers[j]!;
      const fails = checkHardFilters(n, o, {
        now: input.now,
        config: cfg,
        offerLoad: lookup(input.offerLoads, o.id),
        declined: declined.has(key(n.id, o.id)),
        alreadyProposed: existing.has(key(n.id, o.id)),
      });
      if (fails.length) continue;
      const s = scorePair(n, o, lookup(input.outcomeHistory, o.organisationId), input.now, cfg).baseScore;
      if (s < cfg.minScore) continue;
      eligiblePairs++;
      pairArcs.push({
        needId: n.id,
        offerId: o.id,
        u: needNode(i),
        idx: graph[needNode(i)]!.length,
        score: s,
      });
      addArc(needNode(i), offerNode(j), 1, -s);
    }
  }
  const orgCap = new Array<number>(orgIds.length).fill(0);
  for (let j = 0; j < offers.length; j++) {
    if (offerSlotsFree[j]! <= 0) continue;
    const g = orgIndex.get(offers[j]!.organisationId)!;
    addArc(offerNode(j), orgNode(g), offerSlotsFree[j]!, 0);
    orgCap[g]! += offerSlotsFree[j]!;
  }
  for (let g = 0; g < orgIds.length; g++) {
    const el: ExpertLoad | undefined = lookup(input.expertLoads, orgIds[g]!);
    let load = 0;
    if (el) load = el.activeEngagements + el.openProposals;
    else
      for (const o of offers) {
        if (o.organisationId !== orgIds[g]) continue;
        const ol = lookup(input.offerLoads, o.id);
        if (ol) load += ol.activeEngagements + ol.openProposals;
      }
    for (let j = 0; j < orgCap[g]!; j++) addArc(orgNode(g), sink, 1, fairnessMarginal(load + j, cfg));
  }

  // successive shortest paths, Bellman-Ford (queue based); stop when the cheapest path is not negative
  const V = sink + 1;
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
