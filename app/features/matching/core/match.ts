/**
 * A matching run: the candidate graph (graph.ts), the global assignment (assignment.ts, flow.ts), repair
 * rounds after pruning, and the result — new proposals, movable proposals kept or released.
 *
 * Pure and deterministic: no I/O, no clock (`input.now`); the same input in any order yields the same
 * result.
 */
import { assemble, solveGraph, type Chosen } from "./assignment";
import { OfferIndex } from "./candidates";
import { resolveMatchingConfig, type MatchingConfigOverrides } from "./config";
import { lookup, pairKey } from "./factors";
import { buildGraph, prepareRun, runReferenceLoad, type PreparedRun } from "./graph";
import type { MatchInput } from "./input";
import type { ExpertLoad, LiveProposal, MatchNeed, MatchResult, OfferLoad, Proposal } from "./types";

/**
 * Proposes up to K offers per matchable need, globally: maximises Σ base scores − Σ convex fairness
 * penalties (per organisation and per offer) over the candidate graph, never exceeding an offer's free
 * slots, never re-proposing a declined or locked pair, at most one proposal per organisation and need when
 * more than one organisation qualifies. Movable proposals are re-decided with everything else: the result
 * says which are kept and which are released (and why). Same input (in any order) ⇒ same output.
 *
 * When the graph had to be pruned, needs whose lists were cut and that are still short of K get repair
 * rounds on the residual network (their next-best candidates that still have capacity), until a round adds
 * nothing: the result is then a fixed point, so running again with it applied proposes nothing new.
 */
export function runMatching(input: MatchInput, overrides?: MatchingConfigOverrides): MatchResult {
  const cfg = resolveMatchingConfig(overrides);
  const run = prepareRun(input, cfg);
  const graph = buildGraph(run);
  const stats = graph.stats;
  const first = solveGraph(graph);
  stats.augmentations = first.augmentations;
  stats.phases = first.phases;
  stats.nodesSettled = first.nodesSettled;
  const chosen: Chosen[] = [...first.chosen];
  if (!graph.complete && cfg.maxRepairRounds > 0) {
    let current: PreparedRun = run;
    let added = first.chosen;
    let g = graph;
    for (let round = 0; round < cfg.maxRepairRounds; round++) {
      // needs whose list was cut and that are still short of their supply
      const got = new Map<string, number>();
      for (const c of added) got.set(c.need.id, (got.get(c.need.id) ?? 0) + 1);
      const retry: MatchNeed[] = [];
      for (let i = 0; i < g.needs.length; i++) {
        if (g.needTruncated[i] && (got.get(g.needs[i]!.id) ?? 0) < g.needSupply[i]!) retry.push(g.needs[i]!);
      }
      if (retry.length === 0) break;
      current = { ...current, input: lockChosen(current, added) };
      g = buildGraph(current, retry);
      const r = solveGraph(g);
      stats.repairRounds++;
      stats.candidatePairsIndexed += g.stats.candidatePairsIndexed;
      stats.candidatePairsScored += g.stats.candidatePairsScored;
      stats.candidatePairsKept += g.stats.candidatePairsKept;
      stats.augmentations += r.augmentations;
      stats.phases += r.phases;
      stats.nodesSettled += r.nodesSettled;
      if (r.chosen.length === 0) break;
      chosen.push(...r.chosen);
      added = r.chosen;
    }
  }
  return assemble(run, chosen, stats);
}

/** The prepared input of a repair round: the pairs chosen so far locked, their load added. */
function lockChosen(run: PreparedRun, chosen: readonly Chosen[]): MatchInput {
  const { index } = run;
  return withProposalsApplied(
    run.input,
    chosen.map((c) => ({
      needId: c.need.id,
      offerId: index.offers[c.offer]!.id,
      expertOrganisationId: index.offers[c.offer]!.organisationId,
    })),
  );
}

function copyLoads(input: MatchInput) {
  const offerLoads = new Map<string, OfferLoad>();
  const offers = input.offers instanceof OfferIndex ? input.offers.offers : input.offers;
  for (const o of offers) {
    const l = lookup(input.offerLoads, o.id);
    if (l) offerLoads.set(o.id, { ...l });
  }
  let expertLoads: Map<string, ExpertLoad> | undefined;
  if (input.expertLoads) {
    expertLoads = new Map();
    const src = input.expertLoads;
    const entries: [string, ExpertLoad][] =
      src instanceof Map ? [...(src as ReadonlyMap<string, ExpertLoad>)] : Object.entries(src);
    for (const [k, v] of entries) expertLoads.set(k, { ...v });
  }
  const bump = (offerId: string, orgId: string, by: number) => {
    const ol = offerLoads.get(offerId) ?? { activeEngagements: 0, openProposals: 0, hoursCommitted: 0 };
    ol.openProposals = Math.max(0, ol.openProposals + by);
    offerLoads.set(offerId, ol);
    if (expertLoads) {
      const el = expertLoads.get(orgId) ?? { activeEngagements: 0, openProposals: 0 };
      el.openProposals = Math.max(0, el.openProposals + by);
      expertLoads.set(orgId, el);
    }
  };
  return { offerLoads, expertLoads, bump };
}

/**
 * The input of a follow-up run after `proposals` were stored as locked live proposals (e.g. approved):
 * pairs added to `existingProposals`, offer and organisation loads increased, the reference load kept.
 * Running again on it proposes nothing new for the same needs (idempotent).
 */
export function withProposalsApplied(
  input: MatchInput,
  proposals: readonly (LiveProposal & { expertOrganisationId: string })[] | readonly Proposal[],
): MatchInput {
  const { offerLoads, expertLoads, bump } = copyLoads(input);
  for (const p of proposals) bump(p.offerId, p.expertOrganisationId, 1);
  return {
    ...input,
    referenceLoad: runReferenceLoad(input),
    offerLoads,
    ...(expertLoads ? { expertLoads } : {}),
    existingProposals: [
      ...(input.existingProposals ?? []),
      ...proposals.map((p) => ({
        needId: p.needId,
        offerId: p.offerId,
        expertOrganisationId: p.expertOrganisationId,
      })),
    ],
  };
}

/**
 * The input of the next run after a run's result was stored as the worker stores it: new proposals become
 * movable live proposals (their load added), released ones are gone (their load removed), kept ones stay.
 * Running again on it changes nothing (no new proposal, none released). (Movable proposals are out of the
 * reference load anyway.)
 */
export function withRunApplied(input: MatchInput, result: MatchResult): MatchInput {
  const { offerLoads, expertLoads, bump } = copyLoads(input);
  for (const p of result.proposals) bump(p.offerId, p.expertOrganisationId, 1);
  for (const r of result.released) bump(r.offerId, r.expertOrganisationId, -1);
  const gone = new Set(result.released.map((r) => pairKey(r.needId, r.offerId)));
  return {
    ...input,
    offerLoads,
    ...(expertLoads ? { expertLoads } : {}),
    movableProposals: [
      ...(input.movableProposals ?? []).filter((p) => !gone.has(pairKey(p.needId, p.offerId))),
      ...result.proposals.map((p) => ({
        needId: p.needId,
        offerId: p.offerId,
        expertOrganisationId: p.expertOrganisationId,
      })),
    ],
  };
}
