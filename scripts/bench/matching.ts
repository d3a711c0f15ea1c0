/**
 * Matching benchmark, `npm run bench:matching` — one run prints:
 *
 *  1. The core on deterministic synthetic networks (seeded) at 200 → 10,000 needs × offers: candidate pairs,
 *     wall and CPU time of `runMatching`, proposals, total score, capacity and hard-filter violations
 *     (checked independently with the reference filter), load Gini against a per-need greedy pick, the
 *     share of needs drawing their proposals from more than one organisation when more than one qualifies,
 *     optimality against an independent exact solver where affordable, and what an immediate re-run adds.
 *  2. The fairness trade-off: total score against load Gini for a few fairness settings (and the greedy
 *     picks), on the 10k × 10k network and on one with spare capacity; the default is marked. Where demand
 *     exceeds capacity it also prints the evidence that the Gini target cannot be met there: slots filled and
 *     offers differing per setting, settings allowed to refuse proposals, and a lower bound on the Gini of any
 *     assignment (and on the loss of total score needed to reach 0.9 × greedy's).
 *  3. End to end through PostgreSQL at 10k × 10k: a scratch database (a clone of the migrated test template,
 *     never yours) filled with the synthetic network — organisations, offers, needs, engagements and their
 *     hours, locked proposals, rated closed engagements — then `runMatchForNeeds(..., "rebalance", "all")`
 *     (load, core, set-based writes) against the core alone on the very input the run loads.
 *  4. Incremental single-need runs against 50,000 offers.
 *  Then every target of issue 19's Proof section in one block.
 *
 * Targets (issue 19): end to end ≤ 3 × core; load Gini ≤ 0.9 × greedy's at ≤ 1 % loss of total score;
 * 100 % of needs with proposals from more than one organisation when more than one qualifies.
 * BENCH_SKIP_E2E=1 skips part 3, BENCH_ONLY_E2E=1 runs only part 3, BENCH_ONLY_TRADEOFF=1 only the capacity-bound
 * trade-off of part 2; BENCH_KEEP=1 keeps the scratch database.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import {
  buildCandidateGraph,
  checkHardFilters,
  DEFAULT_MATCHING_CONFIG,
  fairnessMarginal,
  lookup,
  OfferIndex,
  offerFairnessMarginal,
  pairKey,
  referenceLoadOf,
  resolveMatchingConfig,
  runMatching,
  scorePair,
  withRunApplied,
  type MatchInput,
  type MatchingConfig,
  type MatchingConfigOverrides,
  type MatchOffer,
  type MatchResult,
} from "../../app/features/matching/core/index";
import { loadMatchInput, runMatchForNeeds } from "../../app/features/matching/services/matching.server";
import { createPrismaClient, type Db } from "../../app/utils/db.server";
import { solveReference } from "../../tests/support/matching/reference-solver";
import { generateNetwork, mulberry32, pick } from "../../tests/support/matching/synthetic";
import {
  createDatabaseFromTemplate,
  databaseUrl,
  dropDatabase,
  ensureTemplate,
} from "../../tests/support/test-db";

const cfg = resolveMatchingConfig();
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmt = (x: number, d = 0) =>
  x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (x: number, d = 2) => (Number.isFinite(x) ? `${(100 * x).toFixed(d)}%` : "—");

function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = cpuMs();
  const w0 = performance.now();
  const value = fn();
  return { value, wall: performance.now() - w0, cpu: cpuMs() - c0 };
}
async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = cpuMs();
  const w0 = performance.now();
  const value = await fn();
  return { value, wall: performance.now() - w0, cpu: cpuMs() - c0 };
}

function gini(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (2 * (i + 1) - n - 1) * xs[i]!;
  return acc / (n * sum);
}

function offersOf(input: MatchInput): readonly MatchOffer[] {
  return input.offers instanceof OfferIndex ? input.offers.offers : input.offers;
}

type Pair = { needId: string; offerId: string; base: number };

interface Checked {
  capacityViolations: number;
  filterViolations: number;
  base: number;
  /** Σ base − Σ penalties (organisation and offer), as the default configuration counts them. */
  objective: number;
  gini: number;
  needsServed: number;
  /** Needs with ≥ 2 proposals where ≥ 2 organisations qualify; of them, those drawing on ≥ 2 organisations. */
  diverseEligible: number;
  diverseMet: number;
}

/** Each expert organisation's load (engagements + live proposals) before the run, and whether it has an active offer. */
function organisationLoads(input: MatchInput): Map<string, { before: number; active: boolean }> {
  const offers = offersOf(input);
  const orgs = new Map<string, { before: number; active: boolean }>();
  for (const o of offers) {
    const e = orgs.get(o.organisationId) ?? { before: 0, active: false };
    e.active ||= o.status === "active";
    orgs.set(o.organisationId, e);
  }
  for (const [id, e] of orgs) {
    const el = lookup(input.expertLoads, id);
    if (el) e.before = el.activeEngagements + el.openProposals;
    else
      for (const o of offers)
        if (o.organisationId === id) {
          const ol = lookup(input.offerLoads, o.id);
          if (ol) e.before += ol.activeEngagements + ol.openProposals;
        }
  }
  return orgs;
}

/**
 * Independent checks of a set of proposals for one input: hard filters (reference), capacity, K, the
 * objective under the default fairness, the load Gini across organisations with an active offer, and
 * diversity (qualification checked with the reference filter, free slots aside, and the reference scorer).
 */
function makeChecker(input: MatchInput): (pairs: Pair[]) => Checked {
  const offers = offersOf(input);
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const needById = new Map(input.needs.map((n) => [n.id, n]));
  const index = input.offers instanceof OfferIndex ? input.offers : new OfferIndex(offers);
  const declined = new Set((input.declinedPairs ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const existing = new Set((input.existingProposals ?? []).map((p) => pairKey(p.needId, p.offerId)));
  const existingPerNeed = new Map<string, string[]>();
  for (const p of input.existingProposals ?? []) {
    const org = p.expertOrganisationId ?? offerById.get(p.offerId)?.organisationId ?? "?";
    existingPerNeed.set(p.needId, [...(existingPerNeed.get(p.needId) ?? []), org]);
  }
  const orgs = organisationLoads(input);
  const active = [...orgs.values()].filter((e) => e.active);
  const ref = referenceLoadOf(
    input.referenceLoad ?? active.reduce((a, e) => a + e.before, 0) / Math.max(1, active.length),
    cfg,
  );
  const qualifies = (needId: string, org: string) => {
    const n = needById.get(needId)!;
    for (const id of index.candidateOfferIds(n)) {
      const o = offerById.get(id)!;
      if (o.organisationId !== org) continue;
      const fails = checkHardFilters(n, o, {
        now: input.now,
        config: cfg,
        offerLoad: lookup(input.offerLoads, o.id),
        declined: declined.has(pairKey(needId, o.id)),
        alreadyProposed: existing.has(pairKey(needId, o.id)),
      }).filter((f) => f !== "capacity_slots");
      if (fails.length) continue;
      const base = scorePair(n, o, {
        now: input.now,
        config: cfg,
        history: lookup(input.outcomeHistory, o.organisationId),
        offerLoad: lookup(input.offerLoads, o.id),
      }).baseScore;
      if (base >= cfg.minScore) return true;
    }
    return false;
  };
  const otherOrgQualifies = (needId: string, org: string) => {
    const n = needById.get(needId)!;
    const seen = new Set<string>([org]);
    for (const id of index.candidateOfferIds(n)) {
      const g = offerById.get(id)!.organisationId;
      if (seen.has(g)) continue;
      seen.add(g);
      if (qualifies(needId, g)) return true;
    }
    return false;
  };

  return (pairs) => {
    const perOffer = new Map<string, number>();
    const perNeed = new Map<string, string[]>();
    const perOrg = new Map<string, number>();
    const seen = new Set<string>();
    let filterViolations = 0;
    let capacityViolations = 0;
    let base = 0;
    for (const p of pairs) {
      const need = needById.get(p.needId)!;
      const offer = offerById.get(p.offerId)!;
      const k = pairKey(p.needId, p.offerId);
      if (seen.has(k)) capacityViolations++;
      seen.add(k);
      const fails = checkHardFilters(need, offer, {
        now: input.now,
        config: cfg,
        offerLoad: lookup(input.offerLoads, offer.id),
        declined: declined.has(k),
        alreadyProposed: existing.has(k),
      });
      if (fails.length) filterViolations++;
      perOffer.set(offer.id, (perOffer.get(offer.id) ?? 0) + 1);
      perNeed.set(need.id, [...(perNeed.get(need.id) ?? []), offer.organisationId]);
      perOrg.set(offer.organisationId, (perOrg.get(offer.organisationId) ?? 0) + 1);
      base += p.base;
    }
    let penalty = 0;
    for (const [offerId, count] of perOffer) {
      const o = offerById.get(offerId)!;
      const l = lookup(input.offerLoads, offerId);
      const used = (l?.activeEngagements ?? 0) + (l?.openProposals ?? 0);
      if (used + count > o.maxConcurrent) capacityViolations++;
      for (let j = 0; j < count; j++) penalty += offerFairnessMarginal(used + j, o.maxConcurrent, cfg);
    }
    let diverseEligible = 0;
    let diverseMet = 0;
    for (const [needId, added] of perNeed) {
      const all = [...(existingPerNeed.get(needId) ?? []), ...added];
      if (all.length > cfg.proposalsPerNeed) capacityViolations++;
      if (all.length < 2) continue;
      const distinct = new Set(all).size;
      if (distinct >= 2) {
        diverseEligible++;
        diverseMet++;
      } else if (otherOrgQualifies(needId, all[0]!)) diverseEligible++;
    }
    const loads: number[] = [];
    for (const [id, e] of orgs) {
      const added = perOrg.get(id) ?? 0;
      for (let j = 0; j < added; j++) penalty += fairnessMarginal(e.before + j, ref, cfg);
      if (e.active) loads.push(e.before + added);
    }
    return {
      capacityViolations,
      filterViolations,
      base,
      objective: base - penalty,
      gini: gini(loads),
      needsServed: perNeed.size,
      diverseEligible,
      diverseMet,
    };
  };
}

/**
 * Per-need greedy baseline: needs in the order they opened, each takes its best K offers by base score
 * among those with a free slot — one per organisation when more than one qualifies (the same rule) — and,
 * with `withFairness`, net of the same fairness penalties given the load so far.
 */
function greedy(input: MatchInput, withFairness: boolean): Pair[] {
  const g = buildCandidateGraph(input, { exactCandidateLimit: Number.MAX_SAFE_INTEGER });
  const slots = Int32Array.from(g.offerSlots);
  const orgAdded = new Int32Array(g.orgs.length);
  const offerAdded = new Int32Array(g.offers.length);
  const out: Pair[] = [];
  for (let i = 0; i < g.needs.length; i++) {
    const cands: { o: number; base: number }[] = [];
    for (let e = g.edgeStart[i]!; e < g.edgeStart[i + 1]!; e++)
      cands.push({ o: g.edgeOffer[e]!, base: g.edgeScore[e]! });
    const net = (c: { o: number; base: number }) => {
      if (!withFairness) return c.base;
      const org = g.offerOrg[c.o]!;
      return (
        c.base -
        fairnessMarginal(g.orgLoad[org]! + orgAdded[org]!, g.referenceLoad, cfg) -
        offerFairnessMarginal(g.offerLoad[c.o]! + offerAdded[c.o]!, g.offerMax[c.o]!, cfg)
      );
    };
    const taken = new Set<number>();
    for (let k = 0; k < g.needSupply[i]!; k++) {
      let best = -1;
      let bestNet = 0;
      for (const c of cands) {
        if (slots[c.o]! <= 0 || taken.has(c.o)) continue;
        if (g.needDiverse[i] && [...taken].some((t) => g.offerOrg[t] === g.offerOrg[c.o])) continue;
        const v = net(c);
        if (v > bestNet || (v === bestNet && best >= 0 && c.o < best)) {
          best = c.o;
          bestNet = v;
        }
      }
      if (best < 0) break;
      taken.add(best);
      slots[best]!--;
      orgAdded[g.offerOrg[best]!]!++;
      offerAdded[best]!++;
      out.push({
        needId: g.needs[i]!.id,
        offerId: g.index.offers[g.offers[best]!]!.id,
        base: cands.find((c) => c.o === best)!.base,
      });
    }
  }
  return out;
}

const pairsOf = (r: MatchResult): Pair[] =>
  [...r.proposals, ...r.kept].map((p) => ({
    needId: p.needId,
    offerId: p.offerId,
    base: p.breakdown.baseScore,
  }));

function table(cols: [string, string][], rows: Record<string, string>[]): void {
  const widths = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => (r[k] ?? "").length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
  console.log(line(cols.map(([, h]) => h)));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of rows) console.log(line(cols.map(([k]) => r[k] ?? "")));
}

// ───────────── 1. the core at several sizes ─────────────

function fullRun(
  needs: number,
  offers: number,
  seed: number,
  exact: "reference" | "unpruned" | "none",
): Record<string, string> {
  const input = generateNetwork(seed, { needs, offers }).input;
  const run = timed(() => runMatching(input));
  const r = run.value;
  const check = makeChecker(input);
  const checked = check(pairsOf(r));
  const greedyChecked = check(greedy(input, false));
  let exactTotal = NaN;
  if (exact === "reference") exactTotal = solveReference(input).total;
  else if (exact === "unpruned")
    exactTotal = runMatching(input, { exactCandidateLimit: Number.MAX_SAFE_INTEGER }).stats.totalScore;
  const rerun = runMatching(withRunApplied(input, r));
  const s = r.stats;
  return {
    size: `${fmt(needs)} × ${fmt(offers)}`,
    scored: `${fmt(s.candidatePairsScored)} (${((100 * s.candidatePairsScored) / (needs * offers)).toFixed(1)}%)`,
    edges: `${fmt(s.candidatePairsKept)}${s.candidateGraphComplete ? " (all)" : " (pruned)"}`,
    wall: fmt(run.wall),
    cpu: fmt(run.cpu),
    proposals: fmt(s.proposals),
    served: fmt(checked.needsServed),
    total: fmt(s.totalScore, 1),
    viol: `${checked.capacityViolations} / ${checked.filterViolations}`,
    gini: `${checked.gini.toFixed(3)} (greedy ${greedyChecked.gini.toFixed(3)})`,
    diverse: `${pct(checked.diverseMet / checked.diverseEligible, 1)} of ${fmt(checked.diverseEligible)}`,
    vsExact:
      exact === "none"
        ? "—"
        : `${pct(s.totalScore / exactTotal)}${exact === "reference" ? " (exact)" : " (unpruned)"}`,
    rerun: `${rerun.proposals.length} / ${rerun.released.length}`,
  };
}

// ───────────── 2. fairness trade-off ─────────────

/** Fairness settings around the default (both weights scaled together). */
const SETTINGS: [string, MatchingConfigOverrides][] = [
  ["off", { fairness: { perShare: 0, perOfferUse: 0 } }],
  ...[0.5, 1, 2, 4, 8].map((m): [string, MatchingConfigOverrides] => [
    m === 1 ? "default" : `×${m}`,
    m === 1
      ? {}
      : {
          fairness: {
            perShare: m * DEFAULT_MATCHING_CONFIG.fairness.perShare,
            perOfferUse: m * DEFAULT_MATCHING_CONFIG.fairness.perOfferUse,
          },
        },
  ]),
];

/**
 * Settings where the fairness term may refuse proposals: with the cap on the organisation's penalty raised
 * to 100 points (above any base score), a heavily loaded organisation's slot is left empty rather than used.
 * Run where demand exceeds capacity, to show what lowering the Gini there costs.
 */
const REFUSING: [string, MatchingConfigOverrides][] = [2, 4, 8].map((m) => [
  `×${m}, cap 100`,
  {
    fairness: {
      perShare: m * DEFAULT_MATCHING_CONFIG.fairness.perShare,
      perOfferUse: m * DEFAULT_MATCHING_CONFIG.fairness.perOfferUse,
      maxPenalty: 100,
    },
  },
]);

/**
 * The lowest load Gini any assignment adding `added` proposals can reach when each organisation's load lies
 * between `lo` (before the run) and `hi` (plus the free slots of its offers that some need can use): the
 * loads clamp(λ, lo, hi) with the right total are majorised by every other feasible load vector (the
 * proposals come off the most loaded organisations first), so their Gini is the least. A continuous
 * relaxation, hence a lower bound for whole proposals whatever the scores.
 */
function lowestGini(lo: readonly number[], hi: readonly number[], added: number): number {
  const total = lo.reduce((a, b) => a + b, 0) + added;
  const sumAt = (l: number) => lo.reduce((acc, x, i) => acc + Math.min(hi[i]!, Math.max(x, l)), 0);
  let a = 0;
  let b = Math.max(...hi);
  for (let it = 0; it < 80; it++) {
    const m = (a + b) / 2;
    if (sumAt(m) < total) a = m;
    else b = m;
  }
  return gini(lo.map((x, i) => Math.min(hi[i]!, Math.max(x, b))));
}

const perOfferCounts = (pairs: Pair[]) => {
  const m = new Map<string, number>();
  for (const p of pairs) m.set(p.offerId, (m.get(p.offerId) ?? 0) + 1);
  return m;
};
/** Offers given a different number of proposals by two assignments. */
function offersDiffering(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const id of new Set([...a.keys(), ...b.keys()])) if ((a.get(id) ?? 0) !== (b.get(id) ?? 0)) n++;
  return n;
}

interface Saturation {
  usable: number;
  filled: number;
  /** Lowest Gini of any assignment with as many proposals as the default run, ÷ greedy's. */
  boundAtDefault: number;
  /** The most proposals an assignment can make and still reach 0.9 × greedy's Gini (lower bound argument). */
  maxProposalsAtTarget: number;
  /**
   * The least loss of total score (vs fairness off) of such an assignment: it makes at most that many
   * proposals, none scoring above the best pair of the network.
   */
  minLossAtTarget: number;
  /** The first refusing setting reaching 0.9 × greedy's Gini, with its loss of total score. */
  refusing?: { name: string; loss: number; proposals: number; ratio: number };
}

interface TradeOff {
  name: string;
  defaultGini: number;
  greedyGini: number;
  greedyFairGini: number;
  defaultLoss: number;
  defaultLossVsGreedy: number;
  diverse: number;
  saturation?: Saturation;
}

function tradeOff(title: string, needs: number, offers: number, seed: number, saturated: boolean): TradeOff {
  const input = generateNetwork(seed, { needs, offers }).input;
  const check = makeChecker(input);
  const settings = saturated ? [...SETTINGS, ...REFUSING] : SETTINGS;
  const results = settings.map(([name, o]) => ({ name, r: runMatching(input, o) }));
  const off = check(pairsOf(results[0]!.r));
  const greedyPairs = greedy(input, false);
  const greedyFairPairs = greedy(input, true);
  const g = check(greedyPairs);
  const gf = check(greedyFairPairs);
  const defaultCounts = perOfferCounts(pairsOf(results.find((x) => x.name === "default")!.r));
  const rows: Record<string, string>[] = [];
  let def: Checked | undefined;
  let refusing: Saturation["refusing"];
  for (const { name, r } of results) {
    const pairs = pairsOf(r);
    const c = check(pairs);
    if (name === "default") def = c;
    const setting =
      name === "default"
        ? DEFAULT_MATCHING_CONFIG.fairness
        : { ...DEFAULT_MATCHING_CONFIG.fairness, ...settings.find(([n]) => n === name)![1].fairness };
    if (
      !refusing &&
      setting.maxPenalty > DEFAULT_MATCHING_CONFIG.fairness.maxPenalty &&
      c.gini <= 0.9 * g.gini
    )
      refusing = { name, loss: 1 - c.base / off.base, proposals: pairs.length, ratio: c.gini / g.gini };
    rows.push({
      setting: `${name === "default" ? "▶ default" : name} (${setting.perShare}/${setting.perOfferUse})`,
      proposals: fmt(pairs.length),
      differ: fmt(offersDiffering(perOfferCounts(pairs), defaultCounts)),
      served: fmt(c.needsServed),
      base: fmt(c.base, 0),
      loss: pct(1 - c.base / off.base),
      gini: c.gini.toFixed(3),
      vsGreedy: (c.gini / g.gini).toFixed(3),
    });
  }
  for (const [name, pairs, c] of [
    ["greedy, opening order", greedyPairs, g],
    ["greedy + same fairness", greedyFairPairs, gf],
  ] as const)
    rows.push({
      setting: name,
      proposals: fmt(pairs.length),
      differ: fmt(offersDiffering(perOfferCounts(pairs), defaultCounts)),
      served: fmt(c.needsServed),
      base: fmt(c.base, 0),
      loss: pct(1 - c.base / off.base),
      gini: c.gini.toFixed(3),
      vsGreedy: (c.gini / g.gini).toFixed(3),
    });
  // the slots the assignment could fill at all: free slots of offers with at least one eligible need
  const full = buildCandidateGraph(input, { exactCandidateLimit: Number.MAX_SAFE_INTEGER });
  const usable = full.offerSlots.reduce((a, b) => a + b, 0);
  const defaultProposals = results.find((x) => x.name === "default")!.r.stats.proposals;
  console.log(`\n${title}`);
  console.log(
    `  free slots on offers some need can use: ${fmt(usable)}; the default run fills ${fmt(defaultProposals)} ` +
      `(${pct(defaultProposals / usable, 1)}) for ${fmt(full.needs.length)} needs wanting up to ${fmt(full.needSupply.reduce((a, b) => a + b, 0))}`,
  );
  table(
    [
      ["setting", "fairness (perShare/perOfferUse)"],
      ["proposals", "proposals"],
      ["differ", "offers ≠ default"],
      ["served", "needs served"],
      ["base", "total score (Σ base)"],
      ["loss", "loss vs off"],
      ["gini", "load Gini"],
      ["vsGreedy", "Gini ÷ greedy's"],
    ],
    rows,
  );
  console.log(
    "  offers ≠ default: offers given a different number of proposals than by the default run (0 = the same slots filled).",
  );
  let saturation: Saturation | undefined;
  if (saturated) {
    // each organisation with an active offer: its load before the run, and that plus its usable free slots
    const usableOf = new Map<string, number>();
    for (let j = 0; j < full.offers.length; j++) {
      const org = full.index.offers[full.offers[j]!]!.organisationId;
      usableOf.set(org, (usableOf.get(org) ?? 0) + full.offerSlots[j]!);
    }
    const lo: number[] = [];
    const hi: number[] = [];
    for (const [id, e] of organisationLoads(input))
      if (e.active) {
        lo.push(e.before);
        hi.push(e.before + (usableOf.get(id) ?? 0));
      }
    const target = 0.9 * g.gini;
    const atDefault = lowestGini(lo, hi, defaultProposals);
    // the most proposals (up to every usable slot) whose lowest Gini still reaches the target
    let maxAtTarget = usable;
    while (maxAtTarget > 0 && lowestGini(lo, hi, maxAtTarget) > target) maxAtTarget--;
    let bestPair = 0;
    for (const x of full.edgeScore) bestPair = Math.max(bestPair, x);
    const minLoss = 1 - (maxAtTarget * bestPair) / off.base;
    saturation = {
      usable,
      filled: defaultProposals,
      boundAtDefault: atDefault / g.gini,
      maxProposalsAtTarget: maxAtTarget,
      minLossAtTarget: minLoss,
      refusing,
    };
    const empty = usable - maxAtTarget;
    const capped = results
      .filter(({ name }) => !REFUSING.some(([n]) => n === name))
      .map(({ r }) => {
        const pairs = pairsOf(r);
        return { n: pairs.length, differ: offersDiffering(perOfferCounts(pairs), defaultCounts) };
      });
    console.log(
      `  Saturation: the settings that cannot refuse a proposal (cap ${DEFAULT_MATCHING_CONFIG.fairness.maxPenalty}) fill ${fmt(Math.min(...capped.map((x) => x.n)))}–` +
        `${fmt(Math.max(...capped.map((x) => x.n)))} of the ${fmt(usable)} usable slots, the default's slots but on ≤ ${fmt(Math.max(...capped.map((x) => x.differ)))} offers` +
        ` (greedy fills ${fmt(greedyPairs.length)}).` +
        `\n  Gini with every usable slot filled: ${lowestGini(lo, hi, usable).toFixed(3)}; lowest Gini of ANY assignment making ${fmt(defaultProposals)} proposals` +
        `\n  (each organisation's load between its load before and that plus its usable free slots; proposals taken off the most` +
        `\n  loaded first; continuous relaxation): ${atDefault.toFixed(3)} = ${(atDefault / g.gini).toFixed(3)} × greedy's. To reach 0.9 × greedy's (${target.toFixed(3)}) an` +
        `\n  assignment must make at most ${fmt(maxAtTarget)} proposals, i.e. leave ≥ ${fmt(empty)} of the ${fmt(usable)} usable slots empty (${fmt(defaultProposals - maxAtTarget)} fewer proposals than the default run)` +
        `\n  while needs wait for them, and its total score is at most ${fmt(maxAtTarget)} × the best pair's ${bestPair.toFixed(1)} = ` +
        `${fmt(maxAtTarget * bestPair, 0)}: a loss ≥ ${pct(minLoss)} vs fairness off` +
        (refusing
          ? `; the matcher itself, allowed to refuse (${refusing.name}), gets there (Gini ${(refusing.ratio * g.gini).toFixed(3)})` +
            ` with ${fmt(refusing.proposals)} proposals, losing ${pct(refusing.loss)} of total score.`
          : "; no refusing setting above reaches it."),
    );
  }
  return {
    name: title,
    defaultGini: def!.gini,
    greedyGini: g.gini,
    greedyFairGini: gf.gini,
    defaultLoss: 1 - def!.base / off.base,
    defaultLossVsGreedy: 1 - def!.base / g.base,
    diverse: def!.diverseMet / def!.diverseEligible,
    saturation,
  };
}

// ───────────── 3. end to end through PostgreSQL ─────────────

/** Synthetic regions → the database's (countries keep the region the reference data gives them). */
const REGION_MAP: Record<string, string> = {
  LAC: "latin_america_caribbean",
  AFR: "sub_saharan_africa",
  MENA: "middle_east_north_africa",
  EUR: "europe_central_asia",
  EURASIA: "europe_central_asia",
  ASIA: "asia_pacific",
};

async function fill(db: Db, needs: number, offers: number, seed: number) {
  const { input } = generateNetwork(seed, { needs, offers });
  const now = new Date();
  const shift = now.getTime() - input.now.getTime(); // the network's dates, moved to today
  const at = (d: Date | null) => (d ? new Date(d.getTime() + shift) : null);
  const countries = new Set(
    (await db.$queryRawUnsafe<Array<{ code: string }>>(`SELECT code FROM "Country"`)).map((c) => c.code),
  );
  const exec = (sql: string, ...params: unknown[]) => db.$executeRawUnsafe(sql, ...params);
  await exec(
    `INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('bench-user', 'bench@example.org', 'Bench', now())`,
  );

  // organisations: experts (with their vetting) and coalitions (one per synthetic coalition id)
  const experts = [...new Set(input.offers.map((o) => o.organisationId))];
  const vetting = new Map(input.offers.map((o) => [o.organisationId, o.organisationVetting]));
  await exec(
    `INSERT INTO "Organisation" (id, kind, name, "vettingLevel", "updatedAt")
     SELECT id, 'EXPERT', 'Expert ' || id, v::"VettingLevel", now() FROM unnest($1::text[], $2::text[]) AS t(id, v)`,
    experts,
    experts.map((e) => vetting.get(e)!),
  );
  const coalitions = [...new Set(input.needs.map((n) => n.organisationId))];
  const countryOf = new Map(input.needs.map((n) => [n.organisationId, n.countryCode]));
  await exec(
    `INSERT INTO "Organisation" (id, kind, name, "countryCode", "vettingLevel", "updatedAt")
     SELECT id, 'COALITION', 'Coalition ' || id, c, 'verified', now() FROM unnest($1::text[], $2::text[]) AS t(id, c)`,
    coalitions,
    coalitions.map((c) => (countries.has(countryOf.get(c)!) ? countryOf.get(c)! : "MX")),
  );

  const o = input.offers;
  await exec(
    `INSERT INTO "Offer" (id, "organisationId", "createdById", title, description, "categoryIds", "topicIds",
                          "coverageGlobal", "coverageCountries", "coverageRegions", languages, "hoursPerMonth",
                          "maxConcurrent", "availableFrom", "availableTo", "responseTimeDays", format, status, "updatedAt")
     SELECT id, org, 'bench-user', 'Offer ' || id, 'Bench offer', string_to_array(cats, ','), string_to_array(topics, ','),
            glob, string_to_array(cc, ','), string_to_array(rr, ',')::"Region"[], string_to_array(langs, ','), hours,
            maxc, afrom, ato, rt, fmt::"WorkFormat", st::"OfferStatus", now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::text[], $8::text[],
                 $9::int[], $10::int[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::text[], $15::text[])
          AS t(id, org, cats, topics, glob, cc, rr, langs, hours, maxc, afrom, ato, rt, fmt, st)`,
    o.map((x) => x.id),
    o.map((x) => x.organisationId),
    o.map((x) => x.categoryIds.join(",")),
    o.map((x) => x.topicKeys.join(",")),
    o.map((x) => x.coverageGlobal),
    o.map((x) => x.coverageCountries.filter((c) => countries.has(c)).join(",")),
    o.map((x) => [...new Set(x.coverageRegions.map((r) => REGION_MAP[r]!))].join(",")),
    o.map((x) => x.languages.join(",")),
    o.map((x) => x.hoursPerMonth),
    o.map((x) => x.maxConcurrent),
    o.map((x) => at(x.availableFrom) ?? new Date(now.getTime() - 365 * 86_400_000)),
    o.map((x) => at(x.availableTo)),
    o.map((x) => x.responseTimeDays ?? 7),
    o.map((x) => x.format),
    o.map((x) => x.status),
  );

  const n = input.needs;
  // "matching" needs keep their live proposals: added as approved (locked) proposals below
  await exec(
    `INSERT INTO "Need" (id, "organisationId", "createdById", title, summary, "categoryId", "topicIds", "countryCode",
                         languages, urgency, "wantedBy", "effortHours", format, status, "openedAt", visibility, "updatedAt")
     SELECT id, org, 'bench-user', 'Need ' || id, 'Bench need', cat, string_to_array(topics, ','), c,
            string_to_array(langs, ','), u::"Urgency", wb, eff, fmt::"WorkFormat", st::"NeedStatus", oa,
            (CASE WHEN tr THEN 'secretariat' ELSE 'network' END)::"NeedVisibility", now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                 $8::timestamptz[], $9::int[], $10::text[], $11::text[], $12::timestamptz[], $13::bool[])
          AS t(id, org, cat, topics, c, langs, u, wb, eff, fmt, st, oa, tr)`,
    n.map((x) => x.id),
    n.map((x) => x.organisationId),
    n.map((x) => x.categoryId),
    n.map((x) => x.topicKeys.join(",")),
    n.map((x) => (countries.has(x.countryCode) ? x.countryCode : "MX")),
    n.map((x) => x.languages.join(",")),
    n.map((x) => x.urgency),
    n.map((x) => at(x.wantedBy)),
    n.map((x) => x.effortHours),
    n.map((x) => x.format),
    n.map((x) => x.status),
    n.map((x) => at(x.openedAt) ?? now),
    n.map((x) => x.requiresTrusted),
  );
  const known = new Set(experts);
  const exclusions = n.flatMap((x) =>
    x.excludedOrganisationIds.filter((e) => known.has(e)).map((e) => [x.organisationId, e] as const),
  );
  await exec(
    `INSERT INTO "Exclusion" ("coalitionOrganisationId", "excludedOrganisationId")
     SELECT DISTINCT c, e FROM unnest($1::text[], $2::text[]) AS t(c, e)`,
    exclusions.map(([c]) => c),
    exclusions.map(([, e]) => e),
  );

  // loads: each active engagement on a background need of its own (engaged), with its proposal and the
  // hours logged this month; each open proposal as an approved (locked) proposal on a background need
  const bgNeeds: { id: string; org: string }[] = [];
  const bgProposals: { id: string; need: string; offer: string; org: string; status: string }[] = [];
  const engagements: {
    id: string;
    need: string;
    offer: string;
    proposal: string;
    org: string;
    coal: string;
    status: string;
    outcome: string | null;
  }[] = [];
  const updates: { engagement: string; org: string; hours: number }[] = [];
  const feedback: { engagement: string; coal: string; rating: number }[] = [];
  const offerById = new Map(o.map((x) => [x.id, x]));
  let k = 0;
  const background = (coal: string) => {
    const id = `bg-${++k}`;
    bgNeeds.push({ id, org: coal });
    return id;
  };
  const bgCoalition = coalitions[0]!;
  for (const [offerId, l] of input.offerLoads) {
    const offer = offerById.get(offerId)!;
    const perEngagement = l.activeEngagements ? l.hoursCommitted / l.activeEngagements : 0;
    for (let i = 0; i < l.activeEngagements; i++) {
      const need = background(bgCoalition);
      const proposal = `bgp-${k}`;
      bgProposals.push({
        id: proposal,
        need,
        offer: offerId,
        org: offer.organisationId,
        status: "confirmed",
      });
      const eid = `bge-${k}`;
      engagements.push({
        id: eid,
        need,
        offer: offerId,
        proposal,
        org: offer.organisationId,
        coal: bgCoalition,
        status: "active",
        outcome: null,
      });
      if (perEngagement > 0)
        updates.push({ engagement: eid, org: offer.organisationId, hours: perEngagement });
    }
  }
  for (const [offerId, l] of input.offerLoads) {
    const offer = offerById.get(offerId)!;
    // the synthetic "matching" needs' live proposals are added below on their own needs
    const own = input.existingProposals.filter((p) => p.offerId === offerId).length;
    for (let i = 0; i < l.openProposals - own; i++)
      bgProposals.push({
        id: `bgp-${++k}`,
        need: background(bgCoalition),
        offer: offerId,
        org: offer.organisationId,
        status: "approved",
      });
  }
  for (const p of input.existingProposals)
    bgProposals.push({
      id: `bgp-${++k}`,
      need: p.needId,
      offer: p.offerId,
      org: offerById.get(p.offerId)!.organisationId,
      status: "approved",
    });
  for (const p of input.declinedPairs)
    bgProposals.push({
      id: `bgp-${++k}`,
      need: p.needId,
      offer: p.offerId,
      org: offerById.get(p.offerId)!.organisationId,
      status: "declined_by_expert",
    });
  // outcome history: closed engagements, rated by their coalition
  const rng = mulberry32(seed);
  for (const [org, h] of input.outcomeHistory) {
    const orgOffers = o.filter((x) => x.organisationId === org);
    if (!orgOffers.length) continue;
    const outcomes = [
      ...Array(h.achieved ?? 0).fill("achieved"),
      ...Array(h.partlyAchieved ?? 0).fill("partly_achieved"),
      ...Array(h.notAchieved ?? 0).fill("not_achieved"),
    ];
    const avg = h.ratingCount ? h.ratingSum / h.ratingCount : 0;
    for (let i = 0; i < Math.max(h.ratingCount, outcomes.length); i++) {
      const offer = pick(rng, orgOffers);
      const need = background(bgCoalition);
      const proposal = `bgp-${k}`;
      bgProposals.push({ id: proposal, need, offer: offer.id, org, status: "confirmed" });
      const eid = `bge-${k}`;
      engagements.push({
        id: eid,
        need,
        offer: offer.id,
        proposal,
        org,
        coal: bgCoalition,
        status: "closed",
        outcome: outcomes[i] ?? "cancelled",
      });
      if (i < h.ratingCount)
        feedback.push({
          engagement: eid,
          coal: bgCoalition,
          rating: Math.max(1, Math.min(5, Math.round(avg))),
        });
    }
  }
  await exec(
    `INSERT INTO "Need" (id, "organisationId", "createdById", title, summary, "categoryId", "countryCode", languages, status, "openedAt", "updatedAt")
     SELECT id, org, 'bench-user', 'Past need', 'Bench need', 'legal', 'MX', ARRAY['es'], 'engaged', now() - interval '200 days', now()
     FROM unnest($1::text[], $2::text[]) AS t(id, org)`,
    bgNeeds.map((x) => x.id),
    bgNeeds.map((x) => x.org),
  );
  await exec(
    `INSERT INTO "Proposal" (id, "needId", "offerId", "expertOrganisationId", status, source, score, breakdown, "reviewedAt", "updatedAt")
     SELECT id, nd, off, org, st::"ProposalStatus", 'worker', 60, '{}'::jsonb, now() - interval '10 days', now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, nd, off, org, st)
     ON CONFLICT DO NOTHING`,
    bgProposals.map((x) => x.id),
    bgProposals.map((x) => x.need),
    bgProposals.map((x) => x.offer),
    bgProposals.map((x) => x.org),
    bgProposals.map((x) => x.status),
  );
  await exec(
    `INSERT INTO "Engagement" (id, "needId", "offerId", "proposalId", "expertOrganisationId", "coalitionOrganisationId",
                               status, outcome, "closedAt")
     SELECT id, nd, off, p, org, coal, st::"EngagementStatus", oc::"EngagementOutcome",
            CASE WHEN st = 'closed' THEN now() - interval '30 days' END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
          AS t(id, nd, off, p, org, coal, st, oc)`,
    engagements.map((x) => x.id),
    engagements.map((x) => x.need),
    engagements.map((x) => x.offer),
    engagements.map((x) => x.proposal),
    engagements.map((x) => x.org),
    engagements.map((x) => x.coal),
    engagements.map((x) => x.status),
    engagements.map((x) => x.outcome),
  );
  await exec(
    `INSERT INTO "EngagementUpdate" (id, "engagementId", "authorId", "organisationId", body, hours)
     SELECT 'bgu-' || e, e, 'bench-user', org, 'Bench update', h FROM unnest($1::text[], $2::text[], $3::float8[]) AS t(e, org, h)`,
    updates.map((x) => x.engagement),
    updates.map((x) => x.org),
    updates.map((x) => x.hours),
  );
  await exec(
    `INSERT INTO "EngagementFeedback" (id, "engagementId", "organisationId", "authorId", rating)
     SELECT 'bgf-' || e, e, coal, 'bench-user', r FROM unnest($1::text[], $2::text[], $3::int[]) AS t(e, coal, r)`,
    feedback.map((x) => x.engagement),
    feedback.map((x) => x.coal),
    feedback.map((x) => x.rating),
  );
  await exec(`ANALYZE`);
  return {
    needs: n.length,
    offers: o.length,
    organisations: experts.length + coalitions.length,
    background: bgNeeds.length,
    proposals: bgProposals.length,
    engagements: engagements.length,
  };
}

type Measured<T> = { value: T; wall: number; cpu: number; pgCpu: number };

function median<T extends { wall: number }>(xs: T[]): T {
  return [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)]!;
}

/** CPU time (ms) of the PostgreSQL backends serving a database, from /proc (same machine). */
async function backendCpu(db: Db, database: string): Promise<Map<number, number>> {
  const pids = await db.$queryRawUnsafe<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1`,
    database,
  );
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime, in ticks of 10 ms
    } catch {
      // not on this machine (remote server): no PostgreSQL cpu figure
    }
  }
  return out;
}

async function measured<T>(db: Db, database: string, fn: () => Promise<T>): Promise<Measured<T>> {
  const before = await backendCpu(db, database);
  const t = await timedAsync(fn);
  const after = await backendCpu(db, database);
  let pgCpu = 0;
  for (const [pid, ms] of after) pgCpu += ms - (before.get(pid) ?? 0);
  return { ...t, pgCpu };
}

/** Back to the state before the first rebalance: its proposals gone, its needs open again. */
async function unmatch(db: Db) {
  await db.$executeRawUnsafe(`DELETE FROM "Proposal" WHERE "matchRunId" IS NOT NULL AND source = 'worker'`);
  await db.$executeRawUnsafe(
    `UPDATE "Need" n SET status = 'open' WHERE status = 'matching'
       AND NOT EXISTS (SELECT 1 FROM "Proposal" p WHERE p."needId" = n.id)`,
  );
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Proposal"`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "Need"`);
}

async function endToEnd(needs: number, offers: number, seed: number) {
  const keep = process.env.BENCH_KEEP === "1";
  await ensureTemplate();
  const name = await createDatabaseFromTemplate("puente_bench_matching");
  const db = createPrismaClient(databaseUrl(name), { max: 4 });
  try {
    const filled = await timedAsync(() => fill(db, needs, offers, seed));
    console.log(
      `\nEnd to end through PostgreSQL — ${fmt(needs)} needs × ${fmt(offers)} offers in a scratch database (${name}):` +
        `\n  filled in ${fmt(filled.wall / 1000, 1)} s: ${fmt(filled.value.organisations)} organisations, ` +
        `${fmt(filled.value.background)} past and engaged needs, ${fmt(filled.value.engagements)} engagements, ` +
        `${fmt(filled.value.proposals)} earlier proposals`,
    );
    const now = new Date();
    const runs = Number(process.env.BENCH_E2E_RUNS ?? 3);
    // the core alone, on the very input the run loads (read in its own transaction, then warmed up)
    const loaded = await timedAsync(() =>
      db.$transaction((tx) => loadMatchInput(tx, "all", now), { timeout: 300_000 }),
    );
    const input = loaded.value.input;
    runMatching(input); // JIT warm-up, as in a long-lived worker
    const cores = Array.from({ length: runs }, () => timed(() => runMatching(input)));
    const core = median(cores);
    // the whole run: lock, load, core, set-based writes, commit — from the same state each time
    const firsts: Measured<Awaited<ReturnType<typeof runMatchForNeeds>>>[] = [];
    for (let i = 0; i < runs; i++) {
      if (i > 0) await unmatch(db);
      firsts.push(await measured(db, name, () => runMatchForNeeds(db, "rebalance", "all", { now })));
    }
    const first = median(firsts);
    const second = await measured(db, name, () => runMatchForNeeds(db, "rebalance", "all", { now }));
    const ratio = first.wall / core.wall;
    const cpuRatio = (first.cpu + first.pgCpu) / core.cpu;
    console.log(
      `  input: ${fmt(input.needs.length)} matchable needs, ${fmt(offersOf(input).length)} offers; loading it alone: ${fmt(loaded.wall)} ms` +
        `
  (medians of ${runs} runs each; cpu = this process's, + PostgreSQL's = the server backends of the scratch database)`,
    );
    console.log(
      `  core (runMatching on that input):       wall ${fmt(core.wall)} ms   cpu ${fmt(core.cpu)} ms   ${fmt(core.value.stats.proposals)} proposals`,
    );
    const parts = (s: { loadMs: number; coreMs: number; writeMs: number }) =>
      `(load ${fmt(s.loadMs)}, core ${fmt(s.coreMs)}, write ${fmt(s.writeMs)})`;
    console.log(
      `  end to end, first rebalance:            wall ${fmt(first.wall)} ms ${parts(first.value)}   cpu ${fmt(first.cpu)} + PostgreSQL ${fmt(first.pgCpu)} ms` +
        `   ${fmt(first.value.proposalsCreated)} proposals written` +
        `
    = ${ratio.toFixed(2)} × core in wall time (target ≤ 3: ${ratio <= 3 ? "met" : "NOT met"}), ${cpuRatio.toFixed(2)} × in cpu time`,
    );
    console.log(
      `  end to end, next rebalance (no change): wall ${fmt(second.wall)} ms ${parts(second.value)}   ${fmt(second.value.proposalsCreated)} new, ` +
        `${fmt(second.value.proposalsKept)} kept, ${fmt(second.value.proposalsReassigned)} moved = ${(second.wall / core.wall).toFixed(2)} × core`,
    );
    return { ratio, cpuRatio, coreWall: core.wall, e2eWall: first.wall };
  } finally {
    await db.$disconnect();
    if (!keep) await dropDatabase(name);
    else console.log(`  (kept ${name})`);
  }
}

// ───────────── 4. incremental ─────────────

function incremental(offers: number, runs: number): void {
  const net = generateNetwork(2024, { needs: runs, offers });
  const input = net.input;
  const built = timed(() => new OfferIndex(input.offers));
  const index = built.value;
  const rng = mulberry32(7);
  const open = input.needs.filter((n) => n.status === "open");
  for (let i = 0; i < 20; i++) runMatching({ ...input, needs: [pick(rng, open)], offers: index });
  const times: number[] = [];
  const cpus: number[] = [];
  let scored = 0;
  let proposals = 0;
  let violations = 0;
  const check = makeChecker(input);
  for (let i = 0; i < runs; i++) {
    const need = open[i % open.length]!;
    const t = timed(() => runMatching({ ...input, needs: [need], offers: index }));
    times.push(t.wall);
    cpus.push(t.cpu);
    scored += t.value.stats.candidatePairsScored;
    proposals += t.value.stats.proposals;
    const c = check(pairsOf(t.value));
    violations += c.capacityViolations + c.filterViolations;
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const q = (p: number, xs = times) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  console.log(
    `\nIncremental: single-need runs against ${fmt(offers)} offers (index built once in ${fmt(built.wall)} ms, ` +
      `${fmt(index.entries)} index entries)`,
  );
  console.log(
    `  runs ${runs}   wall p50 ${q(0.5).toFixed(2)} ms   p95 ${q(0.95).toFixed(2)} ms   |   cpu p50 ${q(0.5, cpus).toFixed(2)} ms   p95 ${q(0.95, cpus).toFixed(2)} ms` +
      `\n  avg pairs scored ${fmt(scored / runs)}   proposals ${fmt(proposals)}   violations ${violations}` +
      `   (target p95 < 25 ms: wall ${q(0.95) < 25 ? "met" : "NOT met"}, cpu ${q(0.95, cpus) < 25 ? "met" : "NOT met"})`,
  );
}

function describeConfig(c: MatchingConfig) {
  const w = Object.entries(c.weights)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return (
    `Config: K=${c.proposalsPerNeed}, resolution ${c.assignmentResolution} pt, exact up to ${fmt(c.exactCandidateLimit)} pairs ` +
    `(else ${c.candidatesPerNeed}/need + ${c.candidatesPerOfferSlot}×slots/offer); weights ${w}; fairness perShare ` +
    `${c.fairness.perShare}, perOfferUse ${c.fairness.perOfferUse}, max ${c.fairness.maxPenalty}; one proposal per ` +
    `organisation and need: ${c.diversity.onePerOrganisation ? "on" : "off"}.`
  );
}

async function main(): Promise<void> {
  const t0 = performance.now();
  console.log("Matching benchmark — synthetic networks (3 categories, 24 topics, 60 countries / 6 regions,");
  console.log(
    "6 languages, heavy-tailed expert organisations, 1–5 slots per offer), seeded and deterministic.",
  );
  console.log(`${describeConfig(cfg)} Node ${process.version}.\n`);
  runMatching(generateNetwork(99, { needs: 1000, offers: 1000 }).input); // JIT warm-up, not reported
  if (process.env.BENCH_ONLY_E2E === "1") {
    await endToEnd(10_000, 10_000, 4);
    return;
  }

  if (process.env.BENCH_ONLY_TRADEOFF === "1") {
    tradeOff("Fairness trade-off, 10,000 needs × 10,000 offers (capacity-bound)", 10_000, 10_000, 4, true);
    return;
  }
  const rows = [
    fullRun(200, 200, 1, "reference"),
    fullRun(1_000, 1_000, 2, "reference"),
    fullRun(3_000, 3_000, 3, "unpruned"),
    fullRun(10_000, 10_000, 4, "none"),
  ];
  table(
    [
      ["size", "needs × offers"],
      ["scored", "pairs scored (of N×O)"],
      ["edges", "assignment edges"],
      ["wall", "wall ms"],
      ["cpu", "cpu ms"],
      ["proposals", "proposals"],
      ["served", "needs served"],
      ["total", "total score"],
      ["viol", "viol. cap/filter"],
      ["gini", "load Gini"],
      ["diverse", "≥2 orgs when ≥2 qualify"],
      ["vsExact", "vs optimum"],
      ["rerun", "re-run adds/moves"],
    ],
    rows,
  );
  console.log(
    "\nvs optimum: (exact) = independent exact min-cost flow (tests/support/matching/reference-solver.ts: Bellman-Ford" +
      "\n            successive shortest paths over all N×O pairs, float costs); (unpruned) = the same solver without" +
      "\n            candidate pruning, i.e. the loss due to pruning only." +
      "\n≥2 orgs when ≥2 qualify: needs holding ≥ 2 proposals for which ≥ 2 organisations qualify (an offer passing" +
      "\n            every hard filter but free slots, at the minimum score): share drawing on more than one organisation." +
      "\nload Gini: engagements + live proposals per expert organisation with an active offer, after the run." +
      "\ngreedy: needs in the order they opened, each its best K offers by base score among those with a free slot," +
      "\n            one per organisation when more than one qualifies (same filters and rules, no fairness term)." +
      "\nTargets: capacity and filter violations 0; re-run adds and moves 0.",
  );

  const capacityBound = tradeOff(
    "Fairness trade-off, 10,000 needs × 10,000 offers (capacity-bound: demand ≈ 26k proposals for ≈ 17.7k free slots)",
    10_000,
    10_000,
    4,
    true,
  );
  const slack = tradeOff(
    "Fairness trade-off, 3,000 needs × 10,000 offers (spare capacity: demand ≈ 8k proposals for ≈ 17.7k free slots)",
    3_000,
    10_000,
    4,
    false,
  );
  console.log(
    "\nTargets, default setting (load Gini ≤ 0.9 × greedy's at ≤ 1 % loss of total score; diversity 100 %):",
  );
  for (const t of [capacityBound, slack]) {
    const r = t.defaultGini / t.greedyGini;
    console.log(
      `  ${t.name.split(" (")[0]!.replace("Fairness trade-off, ", "")}: Gini ${t.defaultGini.toFixed(3)} vs greedy ${t.greedyGini.toFixed(3)} = ${r.toFixed(3)} × ` +
        `(${r <= 0.9 ? "met" : "NOT met"}); loss of total score ${pct(t.defaultLoss)} vs fairness off, ${pct(t.defaultLossVsGreedy)} vs greedy ` +
        `(${t.defaultLoss <= 0.01 ? "met" : "NOT met"}); greedy with the same fairness term: Gini ${t.greedyFairGini.toFixed(3)}; ` +
        `diversity ${pct(t.diverse, 1)} (${t.diverse === 1 ? "met" : "NOT met"})`,
    );
    if (t.saturation && r > 0.9)
      console.log(
        `    unattainable there at any loss ≤ 1 %: any assignment making the default's ${fmt(t.saturation.filled)} proposals has a Gini ≥ ` +
          `${t.saturation.boundAtDefault.toFixed(3)} × greedy's; reaching 0.9 × takes ≤ ${fmt(t.saturation.maxProposalsAtTarget)} proposals, ` +
          `a loss ≥ ${pct(t.saturation.minLossAtTarget)} of total score` +
          (t.saturation.refusing
            ? ` (the matcher allowed to refuse: ${pct(t.saturation.refusing.loss)} loss of total score)`
            : ""),
      );
  }

  const e2e = process.env.BENCH_SKIP_E2E !== "1" ? await endToEnd(10_000, 10_000, 4) : undefined;
  const core10k = rows[rows.length - 1]!;
  console.log("\nIssue 19 proof, in one place:");
  console.log(`  core time, 10,000 × 10,000: wall ${core10k.wall} ms, cpu ${core10k.cpu} ms`);
  if (e2e)
    console.log(
      `  end to end through PostgreSQL, 10,000 × 10,000: wall ${fmt(e2e.e2eWall)} ms = ${e2e.ratio.toFixed(2)} × the core's ` +
        `${fmt(e2e.coreWall)} ms on the loaded input (target ≤ 3: ${e2e.ratio <= 3 ? "met" : "NOT met"}); cpu ${e2e.cpuRatio.toFixed(2)} ×`,
    );
  for (const t of [capacityBound, slack]) {
    const r = t.defaultGini / t.greedyGini;
    const name = t.name.split(" (")[0]!.replace("Fairness trade-off, ", "");
    console.log(
      `  load Gini ÷ greedy's, ${name}: ${r.toFixed(3)} at ${pct(t.defaultLoss)} loss (target ≤ 0.9 at ≤ 1 %: ` +
        `${r <= 0.9 && t.defaultLoss <= 0.01 ? "met" : t.saturation ? `NOT met, unattainable: ≥ ${t.saturation.boundAtDefault.toFixed(3)} for any assignment as full, 0.9 only at a loss ≥ ${pct(t.saturation.minLossAtTarget)}` : "NOT met"})`,
    );
  }
  console.log(
    `  needs drawing on > 1 organisation when > 1 qualifies: ${core10k.diverse} at 10,000 × 10,000; ` +
      `${pct(capacityBound.diverse, 1)} and ${pct(slack.diverse, 1)} in the trade-off runs (target 100 %)`,
  );
  incremental(50_000, 200);
  const load = (() => {
    try {
      return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    } catch {
      return "n/a";
    }
  })();
  console.log(
    `\nTotal bench time ${fmt((performance.now() - t0) / 1000, 1)} s; ${availableParallelism()} CPUs, load average ${load}` +
      " (wall times include waiting for the CPU on a busy machine; cpu ms is this process's own time).",
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
