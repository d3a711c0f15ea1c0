/**
 * Min-cost flow for the proposal assignment: primal-dual successive shortest paths with potentials.
 *
 *   S ──(supply_n, 0)──▶ need n ──(1, −gain)──────────────────────────────▶ offer o ──(convex)──▶ org g ──(convex)──▶ T
 *                        need n ──(1, 0)──▶ group h ──(1, −gain)──▶ offer o
 *                        need n ──(∞, 0: "no proposal")────────────────────────────────────────────────────────────────▶ T
 *
 * Every need sends exactly its supply (K minus its locked proposals); units that find nothing worth more than
 * zero take the "no proposal" arc, so the minimum-cost flow maximises Σ gains − Σ fairness penalties. A group
 * gathers a diverse need's edges to one expert organisation that has several offers in its list: the
 * need → group arc has capacity 1, so the need takes at most one proposal from that organisation (an
 * organisation with a single offer in the list needs no group: the edge's own capacity is 1). The
 * offer → org arc and the org → T arc
 * are convex: their (j + 1)-th unit costs `offerMarginal(o, j)` / `orgMarginal(g, j)`, non-decreasing in j
 * (fairness per offer and per organisation).
 *
 * Internally costs are doubled and "no proposal" costs −1, so a unit is proposed only when it is worth at
 * least one cost unit, and a tie between proposing and not proposing goes to not proposing.
 *
 * Each phase runs one Dijkstra (on reduced costs, from S, stopping when T is settled), updates the potentials
 * of the settled nodes (π(v) += d(v) − d(T), which keeps every residual reduced cost ≥ 0), then routes as many
 * units as it can along zero-reduced-cost arcs (depth-first, current-arc pointers) — all of them shortest
 * paths. Costs are integers, so the S → T distance rises by ≥ 1 per phase. The result is an exact optimum of
 * the graph it is given.
 *
 * Ties (equally good solutions) are broken by node order, which the caller makes meaningful: needs are
 * scanned in the order given (oldest first), a need's arcs in the order given (least-loaded organisation
 * first), and a need tries "no proposal" before displacing another need at equal cost — so among equal
 * alternatives the need routed first (the older one) keeps what it has.
 */

export interface FlowProblem {
  needCount: number;
  /** Units each need sends (its remaining proposals). */
  needSupply: Int32Array;
  /**
   * CSR over needs: the arcs of need n are needItems[needItemStart[n] .. needItemStart[n + 1]), in the order
   * to try them; an item ≥ 0 is an edge (need → offer), an item < 0 is the group −1 − item.
   */
  needItemStart: Int32Array;
  needItems: Int32Array;
  /** Edges of group h: [groupEdgeStart[h], groupEdgeEnd[h]). */
  groupEdgeStart: Int32Array;
  groupEdgeEnd: Int32Array;
  /** The need of each group (need → group arcs have capacity 1). */
  groupNeed: Int32Array;
  edgeOffer: Int32Array;
  /** Integer gain of the pair (> 0); the edge costs −gain. */
  edgeGain: Int32Array | Float64Array;
  offerCount: number;
  offerSlots: Int32Array;
  offerOrg: Int32Array;
  /** Integer cost of the offer's (j + 1)-th unit in this run; non-decreasing in j, ≥ 0. */
  offerMarginal: (offer: number, j: number) => number;
  orgCount: number;
  /** Integer cost of the org's (j + 1)-th unit in this run; non-decreasing in j, ≥ 0. */
  orgMarginal: (org: number, j: number) => number;
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

/** Cost of the "no proposal" arc in internal (doubled) cost units. */
const NO_PROPOSAL_COST = -1;

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
  H: number;
  /** First node of each class: offers, orgs (groups are N .. N + H). */
  O0: number;
  R0: number;
  T: number;
  S: number;
  needItemStart: Int32Array;
  needItems: Int32Array;
  groupNeed: Int32Array;
  groupFlow: Int32Array;
  groupEdgeStart: Int32Array;
  groupEdgeEnd: Int32Array;
  edgeOffer: Int32Array;
  /** Internal (doubled) gains. */
  edgeGain: Float64Array;
  /** Node the edge leaves: its need (direct edge) or its group. */
  edgeTail: Int32Array;
  edgeFlow: Uint8Array;
  /** Offer o's edges carrying flow sit in inEdges[inStart[o] .. inStart[o + 1]) (−1 = empty position). */
  inStart: Int32Array;
  inEdges: Int32Array;
  orgStart: Int32Array;
  orgOffers: Int32Array;
  offerSlots: Int32Array;
  offerOrg: Int32Array;
  offerMarginal: (o: number, j: number) => number;
  orgMarginal: (g: number, j: number) => number;
  supply: Int32Array;
  offerFlow: Int32Array;
  /** Cost of the offer's next unit (∞ when full) and of taking its last unit back. */
  offerCost: Float64Array;
  offerBack: Float64Array;
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
  /**
   * Per phase: each visited need's or group's admissible forward arcs (needs: items, groups: edges), in
   * admPool[admStart .. + admCount), indexed by node.
   */
  admStamp: Int32Array;
  admStart: Int32Array;
  admCount: Int32Array;
  admPool: Int32Array;
  admUsed: number;
  remaining: number;
  augmentations: number;
  nodesSettled: number;
}

function setOfferCosts(st: State, o: number): void {
  const f = st.offerFlow[o]!;
  st.offerCost[o] = f < st.offerSlots[o]! ? st.offerMarginal(o, f) : Infinity;
  st.offerBack[o] = f > 0 ? st.offerMarginal(o, f - 1) : 0;
}

/** One Dijkstra from S on reduced costs until T is settled; updates the settled nodes' potentials. */
function shortestPaths(st: State): void {
  const { N, O0, R0, T, S, needItemStart, needItems, groupNeed, groupFlow, groupEdgeStart, groupEdgeEnd } =
    st;
  const { edgeOffer, edgeGain, edgeTail, edgeFlow, inStart, inEdges, orgStart, orgOffers } = st;
  const { offerOrg, supply, offerFlow, offerCost, offerBack, orgCost, pi, dist, seen, done, settled } = st;
  const heap = st.heap;
  const stamp = st.stamp;
  // every need with supply reaches T through its "no proposal" arc: an upper bound of d(T)
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
    // arcs out of u, as (v, reduced distance) candidates
    if (u < N) {
      let v = T;
      let nd = piu + NO_PROPOSAL_COST - pi[T]!;
      if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
        seen[v] = stamp;
        dist[v] = nd;
        heap.push(nd, v);
      }
      for (let k = needItemStart[u]!, end = needItemStart[u + 1]!; k < end; k++) {
        const item = needItems[k]!;
        if (item >= 0) {
          if (edgeFlow[item] !== 0) continue;
          v = O0 + edgeOffer[item]!;
          nd = piu - edgeGain[item]! - pi[v]!;
        } else {
          const h = -1 - item;
          if (groupFlow[h] !== 0) continue;
          v = N + h;
          nd = piu - pi[v]!;
        }
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    } else if (u < O0) {
      const h = u - N;
      for (let e = groupEdgeStart[h]!, end = groupEdgeEnd[h]!; e < end; e++) {
        if (edgeFlow[e] !== 0) continue;
        const v = O0 + edgeOffer[e]!;
        const nd = piu - edgeGain[e]! - pi[v]!;
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
      if (groupFlow[h] !== 0) {
        const v = groupNeed[h]!;
        const nd = piu - pi[v]!;
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    } else if (u < R0) {
      const o = u - O0;
      for (let k = inStart[o]!, end = inStart[o + 1]!; k < end; k++) {
        const e = inEdges[k]!;
        if (e < 0) continue;
        const v = edgeTail[e]!;
        const nd = piu + edgeGain[e]! - pi[v]!;
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
      if (offerCost[o]! !== Infinity) {
        const v = R0 + offerOrg[o]!;
        const nd = piu + offerCost[o]! - pi[v]!;
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
          seen[v] = stamp;
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    } else {
      const g = u - R0;
      {
        const nd = piu + orgCost[g]! - pi[T]!;
        if (done[T] !== stamp && (seen[T] !== stamp || nd < dist[T]!)) {
          seen[T] = stamp;
          dist[T] = nd;
          heap.push(nd, T);
        }
      }
      for (let k = orgStart[g]!, end = orgStart[g + 1]!; k < end; k++) {
        const o = orgOffers[k]!;
        if (offerFlow[o] === 0) continue;
        const v = O0 + o;
        const nd = piu - offerBack[o]! - pi[v]!;
        if (done[v] !== stamp && (seen[v] !== stamp || nd < dist[v]!)) {
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

function reservePool(st: State, extra: number): void {
  if (st.admUsed + extra > st.admPool.length) {
    const pool = new Int32Array(Math.max(st.admPool.length * 2, st.admUsed + extra));
    pool.set(st.admPool.subarray(0, st.admUsed));
    st.admPool = pool;
  }
}

/**
 * Collects the forward arcs of node u (a need or a group) that are admissible now (this phase's
 * potentials): edges without flow on a zero-reduced-cost arc; for a need, also its groups on one.
 */
function buildAdmissible(st: State, u: number): void {
  const { N, O0, edgeOffer, edgeGain, edgeFlow, pi } = st;
  const pu = pi[u]!;
  let n = st.admUsed;
  const start = n;
  if (u < N) {
    const from = st.needItemStart[u]!;
    const to = st.needItemStart[u + 1]!;
    reservePool(st, to - from);
    const pool = st.admPool;
    const items = st.needItems;
    for (let k = from; k < to; k++) {
      const item = items[k]!;
      if (item >= 0) {
        if (edgeFlow[item] === 0 && pu - edgeGain[item]! === pi[O0 + edgeOffer[item]!]) pool[n++] = item;
      } else if (pu === pi[N - 1 - item]) pool[n++] = item;
    }
  } else {
    const h = u - N;
    const from = st.groupEdgeStart[h]!;
    const to = st.groupEdgeEnd[h]!;
    reservePool(st, to - from);
    const pool = st.admPool;
    for (let e = from; e < to; e++) {
      if (edgeFlow[e] === 0 && pu - edgeGain[e]! === pi[O0 + edgeOffer[e]!]) pool[n++] = e;
    }
  }
  st.admStart[u] = start;
  st.admCount[u] = n - start;
  st.admUsed = n;
  st.admStamp[u] = st.stamp;
}

/**
 * One depth-first pass routing units along zero-reduced-cost arcs (current-arc pointers; a node that
 * dead-ends stays dead for the pass). Returns the number of units routed.
 *
 * Arc k of a node: S: k = need index. Need: k = 0 → "no proposal", k ≥ 1 → its (k − 1)-th admissible item.
 * Group: k < count → admissible edge, k = count → back to its need. Offer: k < indeg → backward edge,
 * k = indeg → its org. Org: k = 0 → T, k ≥ 1 → backward to its (k − 1)-th offer.
 */
function routePass(st: State): number {
  const { N, O0, R0, T, S, groupNeed, groupFlow, edgeOffer, edgeGain, edgeTail, edgeFlow } = st;
  const { inStart, inEdges, orgStart, orgOffers, offerOrg, supply, offerFlow } = st;
  const { offerCost, offerBack, orgFlow, orgCost, pi } = st;
  const { iter, iterStamp, dead, onStack, stackNode, stackArc, admStamp, admStart, admCount } = st;
  const stamp = ++st.pass;
  const phase = st.stamp;
  let remaining = st.remaining;
  let routed = 0;
  let depth = 0;
  stackNode[0] = S;
  iterStamp[S] = stamp;
  iter[S] = 0;
  onStack[S] = stamp;
  const piT = pi[T]!;
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
          if (b === T) continue;
          const item = st.admPool[admStart[a]! + k - 1]!;
          if (item < 0) groupFlow[-1 - item]!++;
          else {
            edgeFlow[item] = 1;
            let pos = inStart[b - O0]!;
            while (inEdges[pos] !== -1) pos++;
            inEdges[pos] = item;
          }
        } else if (a < O0) {
          const h = a - N;
          if (b < N) groupFlow[h]!--;
          else {
            const e = st.admPool[admStart[a]! + k]!;
            edgeFlow[e] = 1;
            let pos = inStart[b - O0]!;
            while (inEdges[pos] !== -1) pos++;
            inEdges[pos] = e;
          }
        } else if (a < R0) {
          const o = a - O0;
          if (b < O0) {
            const pos = inStart[o]! + k;
            edgeFlow[inEdges[pos]!] = 0;
            inEdges[pos] = -1;
            admStamp[b] = 0; // the freed edge is admissible again: rebuild b's list on its next visit
          } else {
            offerFlow[o]!++;
            setOfferCosts(st, o);
          }
        } else {
          const g = a - R0;
          if (b === T) {
            orgFlow[g]!++;
            orgCost[g] = st.orgMarginal(g, orgFlow[g]!);
          } else {
            const o = b - O0;
            offerFlow[o]!--;
            setOfferCosts(st, o);
          }
        }
      }
      remaining--;
      routed++;
      for (let i = 1; i < depth; i++) onStack[stackNode[i]!] = 0;
      depth = 0;
      continue;
    }
    if (u < O0 && admStamp[u] !== phase) {
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
      if (k === 0) {
        if (pu + NO_PROPOSAL_COST === piT) v = T;
        else k++;
      }
      if (v < 0) {
        const base = admStart[u]! - 1;
        const deg = admCount[u]! + 1;
        const pool = st.admPool;
        for (; k < deg; k++) {
          const item = pool[base + k]!;
          let w: number;
          if (item >= 0) {
            if (edgeFlow[item] !== 0) continue;
            w = O0 + edgeOffer[item]!;
          } else {
            if (groupFlow[-1 - item] !== 0) continue;
            w = N - 1 - item;
          }
          if (dead[w] !== stamp && onStack[w] !== stamp) {
            v = w;
            break;
          }
        }
      }
    } else if (u < O0) {
      const h = u - N;
      const base = admStart[u]!;
      const deg = admCount[u]!;
      const pool = st.admPool;
      for (; k < deg; k++) {
        const e = pool[base + k]!;
        if (edgeFlow[e] !== 0) continue;
        const w = O0 + edgeOffer[e]!;
        if (dead[w] !== stamp && onStack[w] !== stamp) {
          v = w;
          break;
        }
      }
      if (v < 0 && k === deg) {
        const w = groupNeed[h]!;
        if (groupFlow[h] !== 0 && pu === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) v = w;
        else k++;
      }
    } else if (u < R0) {
      const o = u - O0;
      const base = inStart[o]!;
      const deg = inStart[o + 1]! - base;
      for (; k < deg; k++) {
        const e = inEdges[base + k]!;
        if (e < 0) continue;
        const w = edgeTail[e]!;
        if (pu + edgeGain[e]! === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) {
          v = w;
          break;
        }
      }
      if (v < 0 && k === deg) {
        const w = R0 + offerOrg[o]!;
        if (
          offerCost[o]! !== Infinity &&
          pu + offerCost[o]! === pi[w] &&
          dead[w] !== stamp &&
          onStack[w] !== stamp
        )
          v = w;
        else k++;
      }
    } else {
      const g = u - R0;
      if (k === 0) {
        if (orgCost[g]! + pu === piT) v = T;
        else k++;
      }
      if (v < 0) {
        const base = orgStart[g]! - 1;
        const deg = orgStart[g + 1]! - base;
        for (; k < deg; k++) {
          const o = orgOffers[base + k]!;
          if (offerFlow[o] === 0) continue;
          const w = O0 + o;
          if (pu - offerBack[o]! === pi[w] && dead[w] !== stamp && onStack[w] !== stamp) {
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

export function solveAssignment(p: FlowProblem): FlowSolution {
  const N = p.needCount;
  const H = p.groupNeed.length;
  const O = p.offerCount;
  const G = p.orgCount;
  const O0 = N + H;
  const R0 = O0 + O;
  const T = R0 + G;
  const S = T + 1;
  const V = S + 1;
  const {
    needItemStart,
    needItems,
    groupEdgeStart,
    groupEdgeEnd,
    groupNeed,
    edgeOffer,
    offerSlots,
    offerOrg,
  } = p;
  const E = edgeOffer.length;
  // internal costs are doubled so that "no proposal" can cost −1 (see the header)
  const edgeGain = new Float64Array(E);
  for (let e = 0; e < E; e++) edgeGain[e] = 2 * p.edgeGain[e]!;
  const offerMarginal = (o: number, j: number) => 2 * p.offerMarginal(o, j);
  const orgMarginal = (g: number, j: number) => 2 * p.orgMarginal(g, j);

  const edgeTail = new Int32Array(E).fill(-1);
  for (let n = 0; n < N; n++)
    for (let k = needItemStart[n]!; k < needItemStart[n + 1]!; k++)
      if (needItems[k]! >= 0) edgeTail[needItems[k]!] = n;
  for (let h = 0; h < H; h++) for (let e = groupEdgeStart[h]!; e < groupEdgeEnd[h]!; e++) edgeTail[e] = N + h;
  const edgeFlow = new Uint8Array(E);

  // offer → edges carrying flow (at most slots; one spare position for the middle of an augmentation)
  const inStart = new Int32Array(O + 1);
  for (let o = 0; o < O; o++) inStart[o + 1] = inStart[o]! + Math.max(0, offerSlots[o]!) + 1;
  const inEdges = new Int32Array(inStart[O]!).fill(-1);
  // organisation → offers (CSR)
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
  const orgCost = new Float64Array(G);
  for (let g = 0; g < G; g++) orgCost[g] = orgMarginal(g, 0);

  const st: State = {
    N,
    H,
    O0,
    R0,
    T,
    S,
    needItemStart,
    needItems,
    groupNeed,
    groupFlow: new Int32Array(H),
    groupEdgeStart,
    groupEdgeEnd,
    edgeOffer,
    edgeGain,
    edgeTail,
    edgeFlow,
    inStart,
    inEdges,
    orgStart,
    orgOffers,
    offerSlots,
    offerOrg,
    offerMarginal,
    orgMarginal,
    supply,
    offerFlow,
    offerCost: new Float64Array(O),
    offerBack: new Float64Array(O),
    orgFlow,
    orgCost,
    pi: new Float64Array(V),
    dist: new Float64Array(V),
    seen: new Int32Array(V),
    done: new Int32Array(V),
    settled: new Int32Array(V),
    heap: new BucketQueue(),
    iter: new Int32Array(V),
    iterStamp: new Int32Array(V),
    dead: new Int32Array(V),
    onStack: new Int32Array(V),
    stackNode: new Int32Array(V + 1),
    stackArc: new Int32Array(V + 1),
    stamp: 0,
    pass: 0,
    admStamp: new Int32Array(O0),
    admStart: new Int32Array(O0),
    admCount: new Int32Array(O0),
    admPool: new Int32Array(Math.max(1024, E + H)),
    admUsed: 0,
    remaining: 0,
    augmentations: 0,
    nodesSettled: 0,
  };
  for (let o = 0; o < O; o++) setOfferCosts(st, o);

  // initial potentials: shortest distances from S in the (acyclic) zero-flow residual graph (needs and
  // groups at 0, offers at their best −gain, orgs through their offers, T through orgs or "no proposal")
  const pi = st.pi;
  for (let e = 0; e < E; e++) {
    const v = O0 + edgeOffer[e]!;
    const c = -edgeGain[e]!;
    if (c < pi[v]!) pi[v] = c;
  }
  for (let g = 0; g < G; g++) pi[R0 + g] = Infinity;
  for (let o = 0; o < O; o++) {
    const gv = R0 + offerOrg[o]!;
    const c = pi[O0 + o]! + st.offerCost[o]!;
    if (c < pi[gv]!) pi[gv] = c;
  }
  let piT = NO_PROPOSAL_COST;
  for (let g = 0; g < G; g++) {
    const gv = R0 + g;
    if (pi[gv] === Infinity) pi[gv] = 0; // every offer full: the org is unreachable
    const c = pi[gv]! + orgCost[g]!;
    if (c < piT) piT = c;
  }
  pi[T] = piT;

  let remaining = 0;
  for (let n = 0; n < N; n++) remaining += supply[n]!;
  st.remaining = remaining;
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
