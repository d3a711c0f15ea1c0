/**
 * The assignment: the candidate graph → the min-cost flow (flow.ts) → the chosen pairs; then, once per run,
 * the proposals with their breakdowns, and the fate of every movable proposal (kept, or released with a
 * reason).
 */
import { buildBreakdown } from "./breakdown";
import {
  checkHardFilters,
  fairnessMarginal,
  fairnessPenaltyTotal,
  lookup,
  offerFairnessMarginal,
  offerFairnessTotal,
  pairKey,
  scorePair,
} from "./factors";
import { solveAssignment } from "./flow";
import { organisationLoad, type CandidateGraph, type PreparedRun } from "./graph";
import type { MatchNeed, MatchResult, MatchStats, Proposal, ReleasedProposal, ReleaseReason } from "./types";

/** A pair the assignment chose: the need, the offer (position in the index) and its base score. */
export interface Chosen {
  need: MatchNeed;
  offer: number;
  baseScore: number;
}

export interface RoundSolution {
  chosen: Chosen[];
  augmentations: number;
  phases: number;
  nodesSettled: number;
}

/**
 * Solves the assignment on a candidate graph: maximises Σ gains − Σ fairness penalties (per organisation and
 * per offer, both convex) under ≤ K per need, ≤ one per organisation for diverse needs, ≤ free slots per
 * offer — exactly, on integer costs (`assignmentResolution`).
 */
export function solveGraph(graph: CandidateGraph): RoundSolution {
  const cfg = graph.config;
  const unit = cfg.assignmentResolution;
  const E = graph.edgeOffer.length;
  const edgeGain = new Int32Array(E);
  for (let e = 0; e < E; e++) edgeGain[e] = Math.round(graph.edgeScore[e]! / unit);
  const { orgLoad, offerLoad, offerMax, referenceLoad: ref } = graph;
  const sol = solveAssignment({
    needCount: graph.needs.length,
    needSupply: graph.needSupply,
    needItemStart: graph.needItemStart,
    needItems: graph.needItems,
    groupEdgeStart: graph.groupEdgeStart,
    groupEdgeEnd: graph.groupEdgeEnd,
    groupNeed: graph.groupNeed,
    edgeOffer: graph.edgeOffer,
    edgeGain,
    offerCount: graph.offers.length,
    offerSlots: graph.offerSlots,
    offerOrg: graph.offerOrg,
    offerMarginal: (o, j) => Math.round(offerFairnessMarginal(offerLoad[o]! + j, offerMax[o]!, cfg) / unit),
    orgCount: graph.orgs.length,
    orgMarginal: (g, j) => Math.round(fairnessMarginal(orgLoad[g]! + j, ref, cfg) / unit),
  });
  const chosen: Chosen[] = [];
  for (let i = 0; i < graph.needs.length; i++) {
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e++) {
      if (sol.edgeFlow[e] !== 1) continue;
      chosen.push({
        need: graph.needs[i]!,
        offer: graph.offers[graph.edgeOffer[e]!]!,
        baseScore: graph.edgeScore[e]!,
      });
    }
  }
  return { chosen, augmentations: sol.augmentations, phases: sol.phases, nodesSettled: sol.nodesSettled };
}

const byOfferId = (a: { offerId: string }, b: { offerId: string }) =>
  a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0;

/**
 * Turns the pairs chosen over a run's rounds into its result, as if made in one round: each organisation's
 * and each offer's convex penalty over all its new proposals, shared equally; a breakdown per proposal;
 * ranks per need (score, then the less loaded organisation, then offer id); movable proposals kept or
 * released with a reason.
 */
export function assemble(run: PreparedRun, chosen: readonly Chosen[], stats: MatchStats): MatchResult {
  const { config: cfg, index, input } = run;
  const now = input.now;
  const ref = run.referenceLoad;

  const orgCount = new Map<string, number>();
  const offerCount = new Map<number, number>();
  for (const c of chosen) {
    const org = index.offers[c.offer]!.organisationId;
    orgCount.set(org, (orgCount.get(org) ?? 0) + 1);
    offerCount.set(c.offer, (offerCount.get(c.offer) ?? 0) + 1);
  }
  const orgBefore = new Map<string, number>();
  const orgShare = new Map<string, number>();
  let totalPenalty = 0;
  for (const [org, n] of orgCount) {
    const before = organisationLoad(input, index, index.orgIndex.get(org)!);
    const total = fairnessPenaltyTotal(before, n, ref, cfg);
    orgBefore.set(org, before);
    orgShare.set(org, total / n);
    totalPenalty += total;
  }
  const offerShare = new Map<number, number>();
  for (const [o, n] of offerCount) {
    const offer = index.offers[o]!;
    const l = lookup(input.offerLoads, offer.id);
    const used = (l?.activeEngagements ?? 0) + (l?.openProposals ?? 0);
    const total = offerFairnessTotal(used, n, Math.floor(offer.maxConcurrent), cfg);
    offerShare.set(o, total / n);
    totalPenalty += total;
  }

  const byNeed = new Map<string, Proposal[]>();
  const chosenKeys = new Set<string>();
  let totalBase = 0;
  for (const c of chosen) {
    const offer = index.offers[c.offer]!;
    const org = offer.organisationId;
    const offerLoad = lookup(input.offerLoads, offer.id);
    const pair = scorePair(c.need, offer, {
      now,
      config: cfg,
      history: lookup(input.outcomeHistory, org),
      offerLoad,
    });
    totalBase += pair.baseScore;
    const breakdown = buildBreakdown(c.need, offer, pair, offerLoad, {
      organisation: orgShare.get(org)!,
      offer: offerShare.get(c.offer)!,
      expertLoadBefore: orgBefore.get(org)!,
      referenceLoad: ref,
      expertAssignedInRun: orgCount.get(org)!,
      offerAssignedInRun: offerCount.get(c.offer)!,
    });
    const p: Proposal = {
      needId: c.need.id,
      offerId: offer.id,
      expertOrganisationId: org,
      score: breakdown.score,
      rank: 0,
      breakdown,
    };
    chosenKeys.add(pairKey(p.needId, p.offerId));
    const list = byNeed.get(p.needId);
    if (list) list.push(p);
    else byNeed.set(p.needId, [p]);
  }

  const proposals: Proposal[] = [];
  const kept: Proposal[] = [];
  for (const needId of [...byNeed.keys()].sort()) {
    const mine = byNeed.get(needId)!;
    mine.sort(
      (a, b) =>
        b.score - a.score ||
        a.breakdown.details.expertLoadBefore - b.breakdown.details.expertLoadBefore ||
        byOfferId(a, b),
    );
    const movable = run.movable.get(needId);
    mine.forEach((p, r) => {
      p.rank = r + 1;
      if (movable?.has(p.offerId)) kept.push(p);
      else proposals.push(p);
    });
  }

  const released = releasedProposals(run, chosen, chosenKeys);

  stats.proposals = proposals.length;
  stats.proposalsKept = kept.length;
  stats.proposalsReleased = released.length;
  stats.needsWithProposals = byNeed.size;
  stats.totalBaseScore = totalBase;
  stats.totalFairnessPenalty = totalPenalty;
  stats.totalScore = totalBase - totalPenalty;
  return { proposals, kept, released, stats };
}

/** Movable proposals the run did not keep, each with the reason (see `ReleaseReason`). */
function releasedProposals(
  run: PreparedRun,
  chosen: readonly Chosen[],
  chosenKeys: ReadonlySet<string>,
): ReleasedProposal[] {
  if (run.movable.size === 0) return [];
  const { config: cfg, index, input } = run;
  const needById = new Map(input.needs.map((n) => [n.id, n]));
  const declined = new Set((input.declinedPairs ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const lockedOrgs = new Map<string, Set<string>>();
  for (const p of input.existingProposals ?? []) {
    const org =
      p.expertOrganisationId ??
      (index.idToIndex.has(p.offerId) ? index.offers[index.idToIndex.get(p.offerId)!]!.organisationId : "");
    let s = lockedOrgs.get(p.needId);
    if (!s) lockedOrgs.set(p.needId, (s = new Set()));
    s.add(org);
  }
  // the needs that newly hold each offer, and the needs that got a new pair
  const newHolders = new Map<string, string[]>();
  const needGotNew = new Set<string>();
  for (const c of chosen) {
    const offerId = index.offers[c.offer]!.id;
    if (run.movable.get(c.need.id)?.has(offerId)) continue;
    needGotNew.add(c.need.id);
    const list = newHolders.get(offerId);
    if (list) list.push(c.need.id);
    else newHolders.set(offerId, [c.need.id]);
  }

  const out: ReleasedProposal[] = [];
  for (const needId of [...run.movable.keys()].sort()) {
    const need = needById.get(needId);
    if (!need) continue; // not part of this run: left as it is
    const pairs = [...run.movable.get(needId)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [offerId, orgHint] of pairs) {
      if (chosenKeys.has(pairKey(needId, offerId))) continue;
      const o = index.idToIndex.get(offerId);
      if (o === undefined) continue; // the run does not know the offer: left as it is
      const offer = index.offers[o]!;
      const org = offer.organisationId || orgHint;
      const offerLoad = lookup(input.offerLoads, offerId);
      const failed = checkHardFilters(need, offer, {
        now: input.now,
        config: cfg,
        offerLoad,
        declined: declined.has(pairKey(needId, offerId)),
      });
      let reason: ReleaseReason;
      let takenByNeedId: string | undefined;
      if (failed.length) reason = failed[0]!;
      else if (
        scorePair(need, offer, {
          now: input.now,
          config: cfg,
          history: lookup(input.outcomeHistory, org),
          offerLoad,
        }).baseScore < cfg.minScore
      )
        reason = "below_min_score";
      else if (lockedOrgs.get(needId)?.has(org)) reason = "diversity";
      else if (newHolders.has(offerId)) {
        reason = "slot_reassigned";
        takenByNeedId = newHolders.get(offerId)!.find((n) => n !== needId);
      } else if (needGotNew.has(needId)) reason = "better_fit";
      else reason = "rebalanced";
      out.push({
        needId,
        offerId,
        expertOrganisationId: org,
        reason,
        ...(takenByNeedId ? { takenByNeedId } : {}),
      });
    }
  }
  return out;
}
