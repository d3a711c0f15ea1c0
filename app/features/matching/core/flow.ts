/**
 * Exact min-cost flow for the proposal assignment (successive shortest paths with potentials).
 *
 * Network:   need n ──(cap 1, cost −gain)──▶ offer o ──(cap slots_o, 0)──▶ org g ──(convex)──▶ T
 *            need n ──(cap ∞, cost 0: "no proposal")──────────────────────────────────────────▶ T
 *
 * Every need pushes exactly its supply (K minus its live proposals); units that find nothing better than
 * zero take the "no proposal" arc, so the minimum-cost flow maximises Σ gains − Σ fairness penalties. The
 * org → T arc has convex cost: its j-th unit costs `marginal(g, j)`, non-decreasing in j.
 *
 * Supplies are routed one unit at a time, need by need, each along a shortest path found by Dijkstra on
 * reduced costs starting at that need and stopping as soon as T is settled (the "no proposal" arc bounds
 * every search). Potentials are updated only on settled nodes (π(v) += d(v) − d(T)), which keeps every
 * residual arc's reduced cost non-negative, so the final flow is optimal for the given graph. All costs are
 * integers, so there is no floating-point drift and the result is deterministic: ties are broken by node
 * index (needs, then offers, then organisations, in the order given).
 */

export interface FlowProblem {
  needCount: number;
  /** Units each need sends (its remaining proposals). */
  needSupply: Int32Array;
  /** CSR over needs: edges of need n are [edgeStart[n], edgeStart[n + 1]). */
  edgeStart: Int32Array;
  edgeOffer: Int32Array;
  /** Integer gain of the pair (> 0); the edge costs −gain. */
  edgeGain: Float64Array;
  offerCount: number;
  offerSlots: Int32Array;
  offerOrg: Int32Array;
  orgCount: number;
  /** Integer cost of the org's (j + 1)-th unit in this run; must be non-decreasing in j and ≥ 0. */
  marginal: (org: number, j: number) => number;
}

export interface FlowSolution {
  edgeFlow: Uint8Array;
  orgFlow: Int32Array;
  augmentations: number;
  nodesSettled: number;
}

class MinHeap {
  keys = new Float64Array(1024);
  nodes = new Int32Array(1024);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const nd = new Int32Array(this.size * 2);
      nd.set(this.nodes);
      this.nodes = nd;
    }
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && nodes[p]! <= node)) break;
      keys[i] = pk;
      nodes[i] = nodes[p]!;
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  /** Pops the minimum; returns its node (its key is left in `lastKey`). */
  lastKey = 0;
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const topNode = nodes[0]!;
    this.lastKey = keys[0]!;
    const n = --this.size;
    if (n > 0) {
      const key = keys[n]!;
      const node = nodes[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n && (keys[r]! < keys[c]! || (keys[r] === keys[c] && nodes[r]! < nodes[c]!))) c = r;
        if (key < keys[c]! || (key === keys[c] && node <= nodes[c]!)) break;
        keys[i] = keys[c]!;
        nodes[i] = nodes[c]!;
        i = c;
      }
      keys[i] = key;
      nodes[i] = node;
    }
    return topNode;
  }
}

export function solveAssignment(p: FlowProblem): FlowSolution {
  const N = p.needCount;
  const O = p.offerCount;
  const G = p.orgCount;
  const T = N + O + G;
  const V = T + 1;
  const { edgeStart, edgeOffer, edgeGain, offerSlots, offerOrg, marginal } = p;
  const E = edgeStart[N]!;

  const edgeNeed = new Int32Array(E);
  for (let n = 0; n < N; n++) for (let e = edgeStart[n]!; e < edgeStart[n + 1]!; e++) edgeNeed[e] = n;
  const edgeFlow = new Uint8Array(E);

  // organisation → its offers (CSR)
  const orgStart = new Int32Array(G + 1);
  for (let o = 0; o < O; o++) orgStart[offerOrg[o]! + 1]!++;
  for (let g = 0; g < G; g++) orgStart[g + 1]! += orgStart[g]!;
  const orgOffers = new Int32Array(O);
  {
    const fill = orgStart.slice(0, G);
    for (let o = 0; o < O; o++) orgOffers[fill[offerOrg[o]!]!++] = o;
  }

  // per-offer list of edges carrying flow (room for slots + 1 during an augmentation)
  const assignedStart = new Int32Array(O + 1);
  for (let o = 0; o < O; o++) assignedStart[o + 1] = assignedStart[o]! + Math.max(0, offerSlots[o]!) + 1;
  const assigned = new Int32Array(assignedStart[O]!);
  const assignedCount = new Int32Array(O);
  const offerFlow = new Int32Array(O);
  const orgFlow = new Int32Array(G);

  // initial potentials: shortest distances in the (acyclic) zero-flow residual graph
  const pi = new Float64Array(V);
  for (let o = 0; o < O; o++) pi[N + o] = 0;
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
  let piT = 0;
  for (let g = 0; g < G; g++) {
    const gv = N + O + g;
    if (pi[gv] === Infinity) pi[gv] = 0;
    const c = pi[gv]! + marginal(g, 0);
    if (c < piT) piT = c;
  }
  pi[T] = piT;

  const dist = new Float64Array(V);
  const seen = new Int32Array(V); // == stamp when dist is set this round
  const done = new Int32Array(V); // == stamp when settled this round
  const predNode = new Int32Array(V);
  const predEdge = new Int32Array(V);
  const settled = new Int32Array(V);
  const heap = new MinHeap();
  let stamp = 0;
  let augmentations = 0;
  let nodesSettled = 0;

  const removeAssigned = (o: number, e: number) => {
    const base = assignedStart[o]!;
    const cnt = assignedCount[o]!;
    for (let k = 0; k < cnt; k++) {
      if (assigned[base + k] === e) {
        assigned[base + k] = assigned[base + cnt - 1]!;
        assignedCount[o] = cnt - 1;
        return;
      }
    }
    throw new Error('flow invariant: edge not assigned');
  };

  // relax (u → v) with reduced cost rc, through need-offer edge `e` (or −1)
  const relax = (u: number, v: number, du: number, rc: number, e: number) => {
    if (done[v] === stamp) return;
    const nd = du + rc;
    if (seen[v] !== stamp || nd < dist[v]!) {
      seen[v] = stamp;
      dist[v] = nd;
      predNode[v] = u;
      predEdge[v] = e;
      heap.push(nd, v);
    }
  };

  for (let s = 0; s < N; s++) {
    let supply = p.needSupply[s]!;
    if (edgeStart[s + 1] === edgeStart[s]) supply = 0;
    while (supply > 0) {
      supply--;
      stamp++;
      augmentations++;
      heap.clear();
      let settledCount = 0;
      dist[s] = 0;
      seen[s] = stamp;
      predNode[s] = -1;
      heap.push(0, s);

      while (heap.size > 0) {
        const u = heap.pop();
        if (done[u] === stamp) continue;
        const du = heap.lastKey;
        if (du > dist[u]!) continue;
        done[u] = stamp;
        settled[settledCount++] = u;
        if (u === T) break;
        const piu = pi[u]!;
        if (u < N) {
          for (let e = edgeStart[u]!, end = edgeStart[u + 1]!; e < end; e++) {
            if (edgeFlow[e] !== 0) continue;
            const v = N + edgeOffer[e]!;
            relax(u, v, du, -edgeGain[e]! + piu - pi[v]!, e);
          }
          relax(u, T, du, piu - pi[T]!, -1); // "no proposal"
        } else if (u < N + O) {
          const o = u - N;
          const base = assignedStart[o]!;
          for (let k = 0, cnt = assignedCount[o]!; k < cnt; k++) {
            const e = assigned[base + k]!;
            const v = edgeNeed[e]!;
            relax(u, v, du, edgeGain[e]! + piu - pi[v]!, e);
          }
          if (offerFlow[o]! < offerSlots[o]!) {
            const gv = N + O + offerOrg[o]!;
            relax(u, gv, du, piu - pi[gv]!, -1);
          }
        } else {
          const g = u - N - O;
          relax(u, T, du, marginal(g, orgFlow[g]!) + piu - pi[T]!, -1);
          for (let k = orgStart[g]!, end = orgStart[g + 1]!; k < end; k++) {
            const o = orgOffers[k]!;
            if (offerFlow[o]! > 0) relax(u, N + o, du, piu - pi[N + o]!, -1);
          }
        }
      }
      nodesSettled += settledCount;
      if (done[T] !== stamp) throw new Error('flow invariant: sink unreachable');

      // potentials (settled nodes only)
      const D = dist[T]!;
      for (let k = 0; k < settledCount; k++) {
        const v = settled[k]!;
        pi[v]! += dist[v]! - D;
      }

      // augment one unit along the path
      (globalThis as any).__dbg ??= {dummy:0, dummySettled:0, real:0, realSettled:0, disp:0};
      { const d=(globalThis as any).__dbg; if (predNode[T]===s){d.dummy++;d.dummySettled+=settledCount;} else {d.real++; d.realSettled+=settledCount; if (predNode[T] < N) d.disp++;} }
      if (predNode[T] === s) break; // best option is "no proposal": remaining units would take it too
      let v = T;
      while (v !== s) {
        const u = predNode[v]!;
        if (v === T) {
          if (u >= N) orgFlow[u - N - O]!++;
          // else: a displaced need's unit falls back to "no proposal"
        } else if (u < N) {
          const e = predEdge[v]!; // need → offer
          edgeFlow[e] = 1;
          const o = v - N;
          assigned[assignedStart[o]! + assignedCount[o]!++] = e;
        } else if (u < N + O) {
          const o = u - N;
          if (v < N) {
            const e = predEdge[v]!; // offer → need (backward: un-assign)
            edgeFlow[e] = 0;
            removeAssigned(o, e);
          } else {
            offerFlow[o]!++; // offer → org
          }
        } else {
          offerFlow[v - N]!--; // org → offer (backward)
        }
        v = u;
      }
    }
  }
  return { edgeFlow, orgFlow, augmentations, nodesSettled };
}
