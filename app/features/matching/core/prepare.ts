/**
 * A run's input made ready for the candidate graph: movable proposals taken out of the offer and
 * organisation loads (the run re-decides them), the reference load of the fairness penalty fixed.
 */
import { OfferIndex } from "./candidates";
import { resolveMatchingConfig, type MatchingConfig } from "./config";
import { lookup, referenceLoadOf } from "./factors";
import type { MatchInput } from "./input";
import type { ExpertLoad, LiveProposal, OfferLoad } from "./types";

/** A run's input made ready for the graph: movable proposals out of the loads, the reference load fixed. */
export interface PreparedRun {
  config: MatchingConfig;
  index: OfferIndex;
  /** The input with `offers` as the index and movable proposals taken out of the loads. */
  input: MatchInput;
  /** Movable pairs, by need id → offer id → expert organisation. */
  movable: Map<string, Map<string, string>>;
  referenceLoad: number;
}

export function orgOf(index: OfferIndex, p: LiveProposal): string | undefined {
  if (p.expertOrganisationId) return p.expertOrganisationId;
  const o = index.idToIndex.get(p.offerId);
  return o === undefined ? undefined : index.offers[o]!.organisationId;
}

/**
 * Takes the movable proposals out of the offer and organisation loads (they are re-decided by the run) and
 * fixes the reference load: the input's, or the average load of the index's organisations with an active
 * offer.
 */
export function prepareRun(input: MatchInput, cfg: MatchingConfig): PreparedRun {
  const index = input.offers instanceof OfferIndex ? input.offers : new OfferIndex(input.offers);
  const movable = new Map<string, Map<string, string>>();
  let offerLoads = input.offerLoads;
  let expertLoads = input.expertLoads;
  if (input.movableProposals?.length) {
    const perOffer = new Map<string, number>();
    const perOrg = new Map<string, number>();
    for (const p of input.movableProposals) {
      let m = movable.get(p.needId);
      if (!m) movable.set(p.needId, (m = new Map()));
      if (m.has(p.offerId)) continue;
      const org = orgOf(index, p) ?? "";
      m.set(p.offerId, org);
      perOffer.set(p.offerId, (perOffer.get(p.offerId) ?? 0) + 1);
      perOrg.set(org, (perOrg.get(org) ?? 0) + 1);
    }
    const ol = new Map<string, OfferLoad>();
    const src = input.offerLoads;
    if (src) {
      const entries: [string, OfferLoad][] =
        src instanceof Map ? [...(src as ReadonlyMap<string, OfferLoad>)] : Object.entries(src);
      for (const [k, v] of entries) ol.set(k, v);
    }
    for (const [id, n] of perOffer) {
      const l = ol.get(id);
      if (l) ol.set(id, { ...l, openProposals: Math.max(0, l.openProposals - n) });
    }
    offerLoads = ol;
    if (input.expertLoads) {
      const el = new Map<string, ExpertLoad>();
      const esrc = input.expertLoads;
      const entries: [string, ExpertLoad][] =
        esrc instanceof Map ? [...(esrc as ReadonlyMap<string, ExpertLoad>)] : Object.entries(esrc);
      for (const [k, v] of entries) el.set(k, v);
      for (const [id, n] of perOrg) {
        const l = el.get(id);
        if (l) el.set(id, { ...l, openProposals: Math.max(0, l.openProposals - n) });
      }
      expertLoads = el;
    }
  }
  const prepared: MatchInput = {
    ...input,
    offers: index,
    offerLoads,
    expertLoads,
    movableProposals: undefined,
  };
  const reference = input.referenceLoad ?? averageLoad(prepared, index);
  return { config: cfg, index, input: prepared, movable, referenceLoad: referenceLoadOf(reference, cfg) };
}

/** Average load of the index's organisations that have an active offer (the default reference load). */
function averageLoad(input: MatchInput, index: OfferIndex): number {
  let total = 0;
  let orgs = 0;
  for (let g = 0; g < index.orgIds.length; g++) {
    let active = false;
    for (let k = index.orgOfferStart[g]!; k < index.orgOfferStart[g + 1]! && !active; k++)
      active = index.active[index.orgOffers[k]!] === 1;
    if (!active) continue;
    orgs++;
    total += organisationLoad(input, index, g);
  }
  return orgs > 0 ? total / orgs : 0;
}

/**
 * The reference load a run on this input uses (before flooring): the input's, or the average load of its
 * organisations with an active offer, movable proposals excluded. Follow-up runs of the same network keep
 * it (see `withProposalsApplied`), so storing proposals does not by itself change the penalties.
 */
export function runReferenceLoad(input: MatchInput): number {
  if (input.referenceLoad !== undefined) return input.referenceLoad;
  const p = prepareRun({ ...input, referenceLoad: 0 }, resolveMatchingConfig());
  return averageLoad(p.input, p.index);
}

/** Load (engagements + live proposals) of organisation g: its aggregate, or the sum of its offers' loads. */
export function organisationLoad(input: MatchInput, index: OfferIndex, g: number): number {
  const el: ExpertLoad | undefined = lookup(input.expertLoads, index.orgIds[g]!);
  if (el) return (el.activeEngagements ?? 0) + (el.openProposals ?? 0);
  let l = 0;
  for (let k = index.orgOfferStart[g]!; k < index.orgOfferStart[g + 1]!; k++) {
    const ol = lookup(input.offerLoads, index.offers[index.orgOffers[k]!]!.id);
    if (ol) l += (ol.activeEngagements ?? 0) + (ol.openProposals ?? 0);
  }
  return l;
}
