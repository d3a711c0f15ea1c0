/**
 * The candidate graph of a run (candidate generation itself, per need, is builder.ts; input preparation,
 * prepare.ts): the needs oldest first, their candidates, and the graph the assignment works on — every
 * scored pair up to `exactCandidateLimit`, else per-need ∪ per-offer best lists — compacted, with each
 * need's edges grouped by expert organisation.
 *
 * Pure and deterministic: no I/O, no clock (`input.now`); needs are taken oldest first (then by id), offers
 * by id, so the same input in any order yields the same graph.
 */
import { CandidateBuilder } from "./builder";
import type { OfferIndex } from "./candidates";
import { resolveMatchingConfig, type MatchingConfig, type MatchingConfigOverrides } from "./config";
import type { MatchInput } from "./input";
import { prepareRun, type PreparedRun } from "./prepare";
import { GrowI32 } from "./scratch";
import type { MatchNeed, MatchStats } from "./types";

export { organisationLoad, prepareRun, runReferenceLoad, type PreparedRun } from "./prepare";

/** Needs oldest first (the age of a need breaks ties), then by id; a need not yet opened counts as newest. */
function byAgeThenId(a: MatchNeed, b: MatchNeed): number {
  const ta = a.openedAt ? a.openedAt.getTime() : Infinity;
  const tb = b.openedAt ? b.openedAt.getTime() : Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The scored candidate graph of a run (input of the assignment; also used by the bench). */
export interface CandidateGraph {
  config: MatchingConfig;
  index: OfferIndex;
  now: Date;
  /** The run's input with movable proposals taken out of the loads (see `prepareRun`). */
  input: MatchInput;
  /** Needs that take part (matchable, with free proposal slots and ≥ 1 candidate), oldest first. */
  needs: MatchNeed[];
  /** Proposals each of those needs may still receive. */
  needSupply: Int32Array;
  /** 1 when the need has more scored candidates than the pruned graph keeps for it (never when complete). */
  needTruncated: Uint8Array;
  /** 1 when the need's candidates come from ≥ 2 organisations: at most one proposal per organisation. */
  needDiverse: Uint8Array;
  /** CSR over needs: edges [edgeStart[i], edgeStart[i + 1]), by organisation (least loaded first). */
  edgeStart: Int32Array;
  /**
   * CSR over needs: the arcs to try, in order — an item ≥ 0 is an edge, an item < 0 the group −1 − item.
   * A group gathers a diverse need's edges to one organisation with several offers in its list (the need
   * takes at most one of them); every other edge is its own item.
   */
  needItemStart: Int32Array;
  needItems: Int32Array;
  /** Edges of group h: [groupEdgeStart[h], groupEdgeEnd[h]) (within its need's edges); its need. */
  groupEdgeStart: Int32Array;
  groupEdgeEnd: Int32Array;
  groupNeed: Int32Array;
  /** Graph-local offer of each edge (position in `offers`). */
  edgeOffer: Int32Array;
  /** Base score (0–100, before fairness). */
  edgeScore: Float64Array;
  /** Offers in the graph: positions in `index.offers`, ascending. */
  offers: Int32Array;
  /** Free slots / free hours per month of each graph offer before the run. */
  offerSlots: Int32Array;
  offerHours: Float64Array;
  /** Engagements + locked proposals of each graph offer before the run, and its maxConcurrent. */
  offerLoad: Int32Array;
  offerMax: Int32Array;
  /** Graph-local organisation of each graph offer. */
  offerOrg: Int32Array;
  /** Organisations in the graph: positions in `index.orgIds`, ascending. */
  orgs: Int32Array;
  /** Load (proposals + engagements) of each graph organisation before the run. */
  orgLoad: Float64Array;
  /** The reference load of the fairness penalty (network average, floored). */
  referenceLoad: number;
  /** True when every scored pair is in the graph (no pruning): the assignment is then exact. */
  complete: boolean;
  stats: MatchStats;
}

function groupPairs<P extends { needId: string }>(pairs: readonly P[] | undefined): Map<string, P[]> {
  const m = new Map<string, P[]>();
  if (!pairs) return m;
  for (const p of pairs) {
    const list = m.get(p.needId);
    if (list) list.push(p);
    else m.set(p.needId, [p]);
  }
  return m;
}

// ----------------------------------------------------------------------------------------------- graph

/** Builds the candidate graph of a prepared run (movable proposals out of the loads). */
export function buildGraph(
  run: PreparedRun,
  needsIn: readonly MatchNeed[] = run.input.needs,
): CandidateGraph {
  const { config: cfg, index, input } = run;
  const b = new CandidateBuilder(input, cfg, index);

  const needs = [...needsIn].sort(byAgeThenId);
  const seenIds = new Set<string>();
  for (const n of needs) {
    if (seenIds.has(n.id)) throw new Error(`Duplicate need id ${n.id}`);
    seenIds.add(n.id);
  }
  const lockedByNeed = groupPairs(input.existingProposals);
  const declinedByNeed = groupPairs(input.declinedPairs);
  const matchable = new Set(cfg.matchableNeedStatuses);
  for (const need of needs) {
    if (!matchable.has(need.status)) continue;
    const locked = lockedByNeed.get(need.id);
    const remaining = cfg.proposalsPerNeed - (locked ? new Set(locked.map((p) => p.offerId)).size : 0);
    if (remaining <= 0) continue;
    b.addNeed(need, remaining, locked, declinedByNeed.get(need.id));
  }
  const { edgeStart: rawStart, edgeOffer: rawOffer, edgeScore: rawScore } = b.edges();

  // compact the offers and organisations of the graph (ascending index positions)
  const sc = b.sc;
  const runNo = b.run;
  const E = rawOffer.length;
  const used = new GrowI32();
  for (let e = 0; e < E; e++) {
    const o = rawOffer[e]!;
    if (sc.localRun[o] !== runNo) {
      sc.localRun[o] = runNo;
      used.push(o);
    }
  }
  const offers = used.view().slice().sort();
  const O = offers.length;
  for (let i = 0; i < O; i++) sc.local[offers[i]!] = i;
  const orgList = new GrowI32();
  for (let i = 0; i < O; i++) {
    const g = index.offerOrg[offers[i]!]!;
    if (sc.orgLocalRun[g] !== runNo) {
      sc.orgLocalRun[g] = runNo;
      orgList.push(g);
    }
  }
  const orgs = orgList.view().slice().sort();
  for (let i = 0; i < orgs.length; i++) sc.orgLocal[orgs[i]!] = i;
  const offerSlots = new Int32Array(O);
  const offerHours = new Float64Array(O);
  const offerLoad = new Int32Array(O);
  const offerMax = new Int32Array(O);
  const offerOrg = new Int32Array(O);
  for (let i = 0; i < O; i++) {
    const o = offers[i]!;
    offerSlots[i] = sc.offerSlots[o]!;
    offerHours[i] = sc.offerHours[o]!;
    offerLoad[i] = sc.offerUsed[o]!;
    offerMax[i] = Math.floor(index.offers[o]!.maxConcurrent);
    offerOrg[i] = sc.orgLocal[index.offerOrg[o]!]!;
  }
  const orgLoad = new Float64Array(orgs.length);
  for (let i = 0; i < orgs.length; i++) orgLoad[i] = b.orgLoadOf(orgs[i]!);

  // each need's edges by organisation: the least loaded organisation first (a tie between equally good
  // proposals goes to it), then by organisation and offer position; a diverse need's organisations with
  // several offers in its list become groups (at most one proposal each)
  const N = b.needs.length;
  const needItemStart = new Int32Array(N + 1);
  const needItems = new GrowI32();
  const groupEdgeStart = new GrowI32();
  const groupNeed = new GrowI32();
  const edgeOffer = new Int32Array(E);
  const edgeScore = new Float64Array(E);
  const order: number[] = [];
  const orgOfRaw = (e: number) => offerOrg[sc.local[rawOffer[e]!]!]!;
  for (let i = 0; i < N; i++) {
    const s0 = rawStart[i]!;
    const t0 = rawStart[i + 1]!;
    order.length = 0;
    for (let e = s0; e < t0; e++) order.push(e);
    order.sort((x, y) => {
      const gx = orgOfRaw(x);
      const gy = orgOfRaw(y);
      if (gx !== gy) return orgLoad[gx]! - orgLoad[gy]! || gx - gy;
      return rawOffer[x]! - rawOffer[y]!;
    });
    for (let k = 0; k < order.length; k++) {
      const e = order[k]!;
      edgeOffer[s0 + k] = sc.local[rawOffer[e]!]!;
      edgeScore[s0 + k] = rawScore[e]!;
    }
    needItemStart[i] = needItems.n;
    const diverse = b.diverse[i] === 1;
    for (let k = s0; k < t0;) {
      let end = k + 1;
      if (diverse) while (end < t0 && offerOrg[edgeOffer[end]!] === offerOrg[edgeOffer[k]!]) end++;
      if (end - k === 1) {
        needItems.push(k);
        k++;
        continue;
      }
      needItems.push(-1 - groupNeed.n);
      groupNeed.push(i);
      groupEdgeStart.push(k);
      k = end;
    }
  }
  needItemStart[N] = needItems.n;
  // group h's edges: the run of its organisation's edges from its start
  const H = groupNeed.n;
  const groupStarts = groupEdgeStart.view();
  const groupEnds = new Int32Array(H);
  for (let h = 0; h < H; h++) {
    const i = groupNeed.a[h]!;
    let end = groupStarts[h]! + 1;
    while (end < rawStart[i + 1]! && offerOrg[edgeOffer[end]!] === offerOrg[edgeOffer[groupStarts[h]!]!])
      end++;
    groupEnds[h] = end;
  }

  const stats = b.stats;
  stats.candidatePairsKept = E;
  stats.candidateGraphComplete = b.complete;
  stats.filtered = b.filtered;
  return {
    config: cfg,
    index,
    now: input.now,
    input,
    needs: b.needs,
    needSupply: Int32Array.from(b.supply),
    needTruncated: b.complete ? new Uint8Array(N) : Uint8Array.from(b.truncated),
    needDiverse: Uint8Array.from(b.diverse),
    edgeStart: Int32Array.from(rawStart),
    needItemStart,
    needItems: needItems.view().slice(),
    groupEdgeStart: groupStarts.slice(),
    groupEdgeEnd: groupEnds.subarray(0, H).slice(),
    groupNeed: groupNeed.view().slice(),
    edgeOffer,
    edgeScore,
    offers,
    offerSlots,
    offerHours,
    offerLoad,
    offerMax,
    offerOrg,
    orgs,
    orgLoad,
    referenceLoad: run.referenceLoad,
    complete: b.complete,
    stats,
  };
}

/** The candidate graph of a run's input (movable proposals taken out of the loads first). */
export function buildCandidateGraph(input: MatchInput, overrides?: MatchingConfigOverrides): CandidateGraph {
  return buildGraph(prepareRun(input, resolveMatchingConfig(overrides)));
}
