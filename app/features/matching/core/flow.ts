/**
 * Min-cost flow for the proposal assignment: primal-dual successive shortest paths with potentials.
 *
 *   S ──(cap supply_n, 0)──▶ need n ──(cap 1, −gain)──▶ offer o ──(cap slots_o, 0)──▶ org g ──(convex)──▶ T
 *                            need n ──(cap ∞, 0: "no proposal")───────────────────────────────────────▶ T
 *
 * Every need sends exactly its supply (K minus its live proposals); units that find nothing worth more than
 * zero take the "no proposal" arc, so the minimum-cost flow maximises Σ gains − Σ fairness penalties (ties go
 * to "no proposal": internally costs are doubled and that arc costs −1, so a unit is proposed only when it
 * is worth ≥ 1 cost unit). The
 * org → T arc has a convex cost: its (j + 1)-th unit costs `marginal(g, j)`, non-decreasing in j.
 *
 * Each phase runs one Dijkstra (on reduced costs, from S, stopping when T is settled), updates potentials of
 * the settled nodes (π(v) += d(v) − d(T), which keeps every residual reduced cost ≥ 0), then routes as many
 * units as it can along zero-reduced-cost arcs (depth-first, current-arc pointers) — all of them shortest
 * paths. Costs are integers, so the S → T distance rises by ≥ 1 per phase: phases ≤ (max gain in cost units)
 * + a few. The result is an exact optimum of the graph it is given, deterministic for the same input (ties
 * broken by node order: needs, offers, organisations as given).
 */

export interface FlowProblem {
  needCount: number;
  /** Units each need sends (its remaining proposals). */
  needSupply: Int32Array;
  /** CSR over needs: edges of need n are [edgeStart[n], edgeStart[n + 1]). */
  edgeStart: Int32Array;
  edgeOffer: Int32Array;
  /** Integer gain of the pair (> 0); the edge costs −gain. */
  edgeGain: Int32Array | Float64Array;
  offerCount: number;
  offerSlots: Int32Array;
  offerOrg: Int32Array;
  orgCount: number;
  /** Integer cost of the org's (j + 1)-th unit in this run; non-decreasing in j, ≥ 0. */
  marginal: (org: number, j: number) => number;
}

export interface FlowSolution {
  edgeFlow: Uint8Array;
  orgFlow: Int32Array;
  offerFlow: Int32Array;
  /** Dijkstra phases. */
  phases: number;
  /** Units routed to offers or "no proposal" (augmenting paths). */
  augmentations: number;
  nodesSettled: number;
}

/** Dial's bucket queue for small non-negative integer keys (LIFO within a bucket: deterministic). */
class BucketQueue {
  head = new Int32Array(64);
  entryNode = new Int32Array(1024);
  entryNext = new Int32Array(1024);
  entries = 0;
  size = 0;
  cur = 0;
  limit = 0;
  lastKey = 0;
  reset(limit: number): void {
    if (this.head.length < limit + 1) this.head = new Int32Array(Math.max(limit + 1, this.head.length * 2));
    this.head.fill(-1, 0, limit + 1);
    this.limit = limit;
    this.entries = 0;
    this.size = 0;
    this.cur = 0;
  }
  /** Keys above the limit are dropped (they can never be settled before the sink). */
  push(key: number, node: number): void {
    if (key > this.limit) return;
    if (this.entries === this.entryNode.length) {
      const a = new Int32Array(this.entries * 2);
      a.set(this.entryNode);
      this.entryNode = a;
      const b = new Int32Array(this.entries * 2);
      b.set(this.entryNext);
      this.entryNext = b;
    }
    const e = this.entries++;
    this.entryNode[e] = node;
    this.entryNext[e] = this.head[key]!;
    this.head[key] = e;
    this.size++;
  }
  pop(): number {
    while (this.head[this.cur] === -1) this.cur++;
    const e = this.head[this.cur]!;
    this.head[this.cur] = this.entryNext[e]!;
    this.size--;
    this.lastKey = this.cur;
    return this.entryNode[e]!;
  }
}

interface State {
  N: number;
  O: number;
  T: number;
  S: number;
  edgeStart: Int32Array;
  edgeOffer: Int32Array;
  /** Internal (doubled) gains. */
  edgeGain: Float64Array;
  edgeNeed: Int32Array;
  edgeFlow: Uint8Array;
  /** Offer o's edges carrying flow sit in inEdges[inStart[o] .. inStart[o + 1]) (−1 = empty position). */
  inStart: Int32Array;
  inEdges: Int32Array;
  orgStart: Int32Array;
  orgOffers: Int32Array;
  offerSlots: Int32Array;
  offerOrg: Int32Array;
  marginal: (org: number, j: number) => number;
  supply: Int32Array;
  offerFlow: Int32Array;
  orgFlow: Int32Array;
  orgCost: Float64Array;
  pi: Float64Array;
  dist: Float64Array;
  seen: Int32Array;
  done: Int32Array;
  settled: Int32Array;
  heap: BucketQueue;
  iter: Int32Array;
  iterStamp: Int32Array;
  dead: Int32Array;
  onStack: Int32Array;
  stackNode: Int32Array;
  stackArc: Int32Array;
  stamp: number;
  pass: number;
  /** Per phase: each visited need's admissible forward edges, in admPool[admStart .. + admCount). */
  admStamp: Int32Array;
  admStart: Int32Array;
  admCount: Int32Array;
  admPool: Int32Array;
  admUsed: number;
  remaining: number;
  augmentations: number;
  nodesSettled: number;
}

/** One Dijkstra from S on reduced costs until T is settled; updates the settled nodes' potentials. */
function shortestPaths(st: State): void {
  const {
    N,
    O,
    T,
    S,
    edgeStart,
    edgeOffer,
    edgeGain,
    edgeNeed,
    edgeFlow,
    inStart,
    inEdges,
    orgStart,
    orgOffers,
  } = st;
  const { offerSlots, offerOrg, supply, offerFlow, orgCost, pi, dist, seen, done, settled, heap } = st;
  const stamp = st.stamp;
  // every need with supply reaches T through its "no proposal" arc at distance π(S) − π(T) − 1: an upper bound
  heap.reset(pi[S]! - pi[T]! + NO_PROPOSAL_COST);
  let settledCount = 0;
  done[S] = stamp;
  dist[S] = 0;
  settled[settledCount++] = S;
  const piS = pi[S]!;
  for (let n = 0; n < N; n++) {
    if (supply[n]! > 0) {
      const d = piS - pi[n]!;
      seen[n] = stamp;
      dist[n] = d;
      heap.push(d, n);
    }
  }
  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u] === stamp) continue;
    const du = heap.lastKey;
    done[u] = stamp;
    settled[settledCount++] = u;
    if (u === T) break;
    const piu = pi[u]! + du;
    if (u < N) {
      for (let e = edgeStart[u]!, end = edgeStart[u + 1]!; e < end; e++) {
        if (edgeFlow[e] !== 0) continue;
        const v = N + edgeOffer[e]!;
        if (done[v] === stamp) continue;
        const nd = piu - edgeGain[e]! - pi[v]!;
        if (seen[v] !== stamp || nd < dist[v]!) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
      const nd = piu + NO_PROPOSAL_COST - pi[T]!; // "no proposal"
      if (seen[T] !== stamp || nd < dist[T]!) {
        seen[T] = stamp;
        dist[T] = nd;
        heap.push(nd, T);
      }
    } else if (u < N + O) {
      const o = u - N;
      for (let k = inStart[o]!, end = inStart[o + 1]!; k < end; k++) {
        const e = inEdges[k]!;
        if (e < 0) continue;
        const v = edgeNeed[e]!;
        if (done[v] === stamp) continue;
        const nd = piu + edgeGain[e]! - pi[v]!;
        if (seen[v] !== stamp || nd < dist[v]!) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
      if (offerFlow[o]! < offerSlots[o]!) {
        const v = N + O + offerOrg[o]!;
        if (done[v] !== stamp) {
          const nd = piu - pi[v]!;
          if (seen[v] !== stamp || nd < dist[v]!) {
            seen[v] = stamp;
            dist[v] = nd;
            heap.push(nd, v);
          }
        }
      }
    } else {
      const g = u - N - O;
      {
        const nd = piu + orgCost[g]! - pi[T]!;
        if (seen[T] !== stamp || nd < dist[T]!) {
          seen[T] = stamp;
          dist[T] = nd;
          heap.push(nd, T);
        }
      }
      for (let k = orgStart[g]!, end = orgStart[g + 1]!; k < end; k++) {
        const o = orgOffers[k]!;
        if (offerFlow[o] === 0) continue;
        const v = N + o;
        if (done[v] === stamp) continue;
        const nd = piu - pi[v]!;
        if (seen[v] !== stamp || nd < dist[v]!) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    }
  }
  st.nodesSettled += settledCount;
  if (done[T] !== stamp) throw new Error("flow invariant: sink unreachable");
  const D = dist[T]!;
  for (let k = 0; k < settledCount; k++) {
    const v = settled[k]!;
    pi[v]! += dist[v]! - D;
  }
}

/** Collects need u's forward edges that are admissible now (this phase's potentials). */
function buildAdmissible(st: State, u: number): void {
  const { N, edgeStart, edgeOffer, edgeGain, edgeFlow, pi } = st;
  const from = edgeStart[u]!;
  const to = edgeStart[u + 1]!;
  if (st.admUsed + (to - from) > st.admPool.length) {
    const pool = new Int32Array(Math.max(st.admPool.length * 2, st.admUsed + (to - from)));
    pool.set(st.admPool.subarray(0, st.admUsed));
    st.admPool = pool;
  }
  const pool = st.admPool;
  const start = st.admUsed;
  let n = start;
  const pu = pi[u]!;
  for (let e = from; e < to; e++) {
    if (edgeFlow[e] === 0 && pu - edgeGain[e]! === pi[N + edgeOffer[e]!]) pool[n++] = e;
  }
  st.admStart[u] = start;
  st.admCount[u] = n - start;
  st.admUsed = n;
  st.admStamp[u] = st.stamp;
}

/**
 * One depth-first pass routing units along zero-reduced-cost arcs (current-arc pointers; a node that
 * dead-ends stays dead for the pass). Returns the number of units routed.
 */
function routePass(st: State): number {
  const { N, O, T, S, edgeOffer, edgeGain, edgeNeed, edgeFlow, inStart, inEdges, orgStart, orgOffers } = st;
  const { offerSlots, offerOrg, marginal, supply, offerFlow, orgFlow, orgCost, pi } = st;
  const { iter, iterStamp, dead, onStack, stackNode, stackArc, admStamp, admStart, admCount } = st;
  const stamp = ++st.pass;
  const phase = st.stamp;
  let remaining = st.remaining;
  // arc k of a node: S: k = need index; need: k < count → admissible edge, k = count → "no proposal";
  // offer: k < indeg → backward edge, k = indeg → its org; org: k = 0 → T, k ≥ 1 → backward to an offer.
  let routed = 0;
  let depth = 0;
  stackNode[0] = S;
  iterStamp[S] = stamp;
  iter[S] = 0;
  onStack[S] = stamp;
  const piT2 = pi[T]!;
  while (remaining > 0) {
    const u = stackNode[depth]!;
    if (u === T) {
      // augment one unit along the stack
      for (let i = 0; i < depth; i++) {
        const a = stackNode[i]!;
        const k = stackArc[i]!;
        const b = stackNode[i + 1]!;
        if (a === S) {
          supply[b]!--;
        } else if (a < N) {
          if (b !== T) {
            const e = st.admPool[st.admStart[a]! + k]!;
            edgeFlow[e] = 1;
            let pos = inStart[b - N]!;
            while (inEdges[pos] !== -1) pos++;
            inEdges[pos] = e;
          }
        } else if (a < N + O) {
          const o = a - N;
          if (b < N) {
            const pos = inStart[o]! + k;
            edgeFlow[inEdges[pos]!] = 0;
            inEdges[pos] = -1;
            admStamp[b] = 0; // b's freed edge is admissible again: rebuild its list on the next visit
          } else offerFlow[o]!++;
        } else {
          const g = a - N - O;
          if (b === T) {
            orgFlow[g]!++;
            orgCost[g] = marginal(g, orgFlow[g]!);
          } else offerFlow[b - N]!--;
        }
      }
      remaining--;
      routed++;
      for (let i = 1; i < depth; i++) onStack[stackNode[i]!] = 0;
      depth = 0;
      continue;
    }
    if (u < N && admStamp[u] !== phase) {
      buildAdmissible(st, u);
      iterStamp[u] = 0;
    }
    if (iterStamp[u] !== stamp) {
      iterStamp[u] = stamp;
      iter[u] = 0;
    }
    let k = iter[u]!;
    let v = -1;
    const pu = pi[u]!;
    if (u === S) {
      for (; k < N; k++) {
        if (supply[k]! > 0 && pu === pi[k] && dead[k] !== stamp && onStack[k] !== stamp) {
          v = k;
          break;
        }
      }
    } else if (u < N) {
      const base = admStart[u]!;
      const deg = admCount[u]!;
      const pool = st.admPool;
      for (; k < deg; k++) {
        const e = pool[base + k]!;
        if (edgeFlow[e] !== 0) continue;
        const w = N + edgeOffer[e]!;
        if (pu - edgeGain[e]! === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) {
          v = w;
          break;
        }
      }
      if (v < 0 && k === deg) {
        if (pu + NO_PROPOSAL_COST === piT2) v = T;
        else k++;
      }
    } else if (u < N + O) {
      const o = u - N;
      const base = inStart[o]!;
      const deg = inStart[o + 1]! - base;
      for (; k < deg; k++) {
        const e = inEdges[base + k]!;
        if (e < 0) continue;
        const w = edgeNeed[e]!;
        if (pu + edgeGain[e]! === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) {
          v = w;
          break;
        }
      }
      if (v < 0 && k === deg) {
        const w = N + O + offerOrg[o]!;
        if (offerFlow[o]! < offerSlots[o]! && pu === pi[w] && dead[w] !== stamp && onStack[w] !== stamp)
          v = w;
        else k++;
      }
    } else {
      const g = u - N - O;
      if (k === 0) {
        if (orgCost[g]! + pu === piT2) v = T;
        else k++;
      }
      if (v < 0) {
        const base = orgStart[g]! - 1;
        const deg = orgStart[g + 1]! - base;
        for (; k < deg; k++) {
          const o = orgOffers[base + k]!;
          if (offerFlow[o] === 0) continue;
          const w = N + o;
          if (pu === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) {
            v = w;
            break;
          }
        }
      }
    }
    iter[u] = k;
    if (v >= 0) {
      stackArc[depth] = k;
      stackNode[++depth] = v;
      onStack[v] = stamp;
      continue;
    }
    // dead end: retreat and advance the parent's arc
    dead[u] = stamp;
    onStack[u] = 0;
    if (depth === 0) break;
    depth--;
    iter[stackNode[depth]!]!++;
  }
  st.augmentations += routed;
  st.remaining = remaining;
  return routed;
}

/**
 * Routes units along zero-reduced-cost arcs until none is left: augmentations open new admissible arcs
 * (through an organisation's other offers), so passes repeat while they make progress.
 */
function routeAdmissible(st: State): number {
  st.admUsed = 0;
  let total = 0;
  for (;;) {
    const routed = routePass(st);
    total += routed;
    if (routed === 0 || st.remaining === 0) return total;
  }
}

/** Cost of the "no proposal" arc in internal (doubled) cost units. */
const NO_PROPOSAL_COST = -1;

export function solveAssignment(p: FlowProblem): FlowSolution {
  const N = p.needCount;
  const O = p.offerCount;
  const G = p.orgCount;
  const T = N + O + G;
  const S = T + 1;
  const V = S + 1;
  const { edgeStart, edgeOffer, offerSlots, offerOrg } = p;
  // internal costs are doubled so that "no proposal" can cost −1: a proposal is made only when it is worth
  // at least one cost unit, and a tie between proposing and not proposing always goes to not proposing
  const edgeGain = new Float64Array(p.edgeGain.length);
  for (let e = 0; e < edgeGain.length; e++) edgeGain[e] = 2 * p.edgeGain[e]!;
  const marginal = (g: number, j: number) => 2 * p.marginal(g, j);
  const E = edgeStart[N]!;

  const edgeNeed = new Int32Array(E);
  for (let n = 0; n < N; n++) for (let e = edgeStart[n]!; e < edgeStart[n + 1]!; e++) edgeNeed[e] = n;
  const edgeFlow = new Uint8Array(E);

  // organisation → offers (CSR)
  // offer → edges carrying flow (at most slots; one spare position for the middle of an augmentation)
  const inStart = new Int32Array(O + 1);
  for (let o = 0; o < O; o++) inStart[o + 1] = inStart[o]! + Math.max(0, offerSlots[o]!) + 1;
  const inEdges = new Int32Array(inStart[O]!).fill(-1);
  const orgStart = new Int32Array(G + 1);
  for (let o = 0; o < O; o++) orgStart[offerOrg[o]! + 1]!++;
  for (let g = 0; g < G; g++) orgStart[g + 1]! += orgStart[g]!;
  const orgOffers = new Int32Array(O);
  {
    const fill = orgStart.slice(0, G);
    for (let o = 0; o < O; o++) orgOffers[fill[offerOrg[o]!]!++] = o;
  }

  const supply = Int32Array.from(p.needSupply.subarray(0, N));
  for (let n = 0; n < N; n++) if (supply[n]! < 0) supply[n] = 0;
  const offerFlow = new Int32Array(O);
  const orgFlow = new Int32Array(G);
  const orgCost = new Float64Array(G); // marginal(g, orgFlow[g]), cached
  for (let g = 0; g < G; g++) orgCost[g] = marginal(g, 0);

  // initial potentials: shortest distances from S in the (acyclic) zero-flow residual graph
  const pi = new Float64Array(V);
  for (let e = 0; e < E; e++) {
    const v = N + edgeOffer[e]!;
    const c = -edgeGain[e]!;
    if (c < pi[v]!) pi[v] = c;
  }
  for (let g = 0; g < G; g++) pi[N + O + g] = Infinity;
  for (let o = 0; o < O; o++) {
    const gv = N + O + offerOrg[o]!;
    if (pi[N + o]! < pi[gv]!) pi[gv] = pi[N + o]!;
  }
  let piT = NO_PROPOSAL_COST; // needs start at π = 0
  for (let g = 0; g < G; g++) {
    const gv = N + O + g;
    if (pi[gv] === Infinity) pi[gv] = 0;
    const c = pi[gv]! + orgCost[g]!;
    if (c < piT) piT = c;
  }
  pi[T] = piT;

  const dist = new Float64Array(V);
  const seen = new Int32Array(V);
  const done = new Int32Array(V);
  const settled = new Int32Array(V);
  const heap = new BucketQueue();

  // DFS state (per phase)
  const iter = new Int32Array(V);
  const iterStamp = new Int32Array(V);
  const dead = new Int32Array(V);
  const onStack = new Int32Array(V);
  const stackNode = new Int32Array(V + 1);
  const stackArc = new Int32Array(V + 1);

  let remaining = 0;
  for (let n = 0; n < N; n++) remaining += supply[n]!;

  const st: State = {
    N,
    O,
    T,
    S,
    edgeStart,
    edgeOffer,
    edgeGain,
    edgeNeed,
    edgeFlow,
    inStart,
    inEdges,
    orgStart,
    orgOffers,
    offerSlots,
    offerOrg,
    marginal,
    supply,
    offerFlow,
    orgFlow,
    orgCost,
    pi,
    dist,
    seen,
    done,
    settled,
    heap,
    iter,
    iterStamp,
    dead,
    onStack,
    stackNode,
    stackArc,
    stamp: 0,
    pass: 0,
    admStamp: new Int32Array(N),
    admStart: new Int32Array(N),
    admCount: new Int32Array(N),
    admPool: new Int32Array(Math.max(1024, E)),
    admUsed: 0,
    remaining,
    augmentations: 0,
    nodesSettled: 0,
  };
  let phases = 0;
  while (st.remaining > 0) {
    phases++;
    st.stamp++;
    shortestPaths(st);
    // the Dijkstra path is admissible after the potential update, so every phase routes ≥ 1 unit
    if (routeAdmissible(st) === 0) throw new Error("flow invariant: no progress");
  }
  return {
    edgeFlow,
    orgFlow,
    offerFlow,
    phases,
    augmentations: st.augmentations,
    nodesSettled: st.nodesSettled,
  };
}
