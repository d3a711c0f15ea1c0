/**
 * Working memory of the candidate builder: append-only typed arrays, and scratch arrays sized by an offer
 * index and reused by every run on it.
 */
import type { OfferIndex } from "./candidates";

/** Append-only typed arrays. */
export class GrowI32 {
  a = new Int32Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}
export class GrowF64 {
  a = new Float64Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  view(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

// --------------------------------------------------------------------------------------------- scratch

/**
 * Scratch arrays sized by an index, reused by every run on that index (runs are synchronous; validity is
 * tracked with stamps, so nothing is cleared between runs). Incremental runs against a large index then
 * allocate almost nothing.
 */
export class Scratch {
  run = 0;
  needStamp = 0;
  // per offer (index position)
  readonly offerRun: Int32Array;
  readonly offerState: Uint8Array;
  readonly offerSlots: Int32Array;
  readonly offerHours: Float64Array;
  readonly offerUsed: Int32Array;
  readonly seenStamp: Int32Array;
  readonly langRank: Int32Array;
  readonly geoLevel: Uint8Array;
  readonly blockStamp: Int32Array;
  readonly blockCode: Uint8Array;
  readonly bufRun: Int32Array;
  readonly bufStart: Int32Array;
  readonly bufCount: Int32Array;
  readonly bufCap: Int32Array;
  readonly localRun: Int32Array;
  readonly local: Int32Array;
  // per organisation
  readonly orgRun: Int32Array;
  readonly orgQuality: Float64Array;
  readonly orgLoad: Float64Array;
  readonly orgLocalRun: Int32Array;
  readonly orgLocal: Int32Array;
  readonly orgSeen: Int32Array;
  readonly orgLocked: Int32Array;
  /** Per need: an organisation's two best candidates (positions in candO), for the pruned list. */
  readonly orgTopStamp: Int32Array;
  readonly orgTop1: Int32Array;
  readonly orgTop2: Int32Array;
  // per-need working buffers (grown on demand, kept across runs)
  readonly needBits: Uint32Array;
  touched = new Int32Array(256);
  candO = new Int32Array(256);
  candS = new Float64Array(256);
  topO = new Int32Array(0);
  topS = new Float64Array(0);
  constructor(n: number, g: number, topicWords: number) {
    this.needBits = new Uint32Array(topicWords);
    this.offerRun = new Int32Array(n);
    this.offerState = new Uint8Array(n);
    this.offerSlots = new Int32Array(n);
    this.offerHours = new Float64Array(n);
    this.offerUsed = new Int32Array(n);
    this.seenStamp = new Int32Array(n);
    this.langRank = new Int32Array(n);
    this.geoLevel = new Uint8Array(n);
    this.blockStamp = new Int32Array(n);
    this.blockCode = new Uint8Array(n);
    this.bufRun = new Int32Array(n);
    this.bufStart = new Int32Array(n);
    this.bufCount = new Int32Array(n);
    this.bufCap = new Int32Array(n);
    this.localRun = new Int32Array(n);
    this.local = new Int32Array(n);
    this.orgRun = new Int32Array(g);
    this.orgQuality = new Float64Array(g);
    this.orgLoad = new Float64Array(g);
    this.orgLocalRun = new Int32Array(g);
    this.orgLocal = new Int32Array(g);
    this.orgSeen = new Int32Array(g);
    this.orgLocked = new Int32Array(g);
    this.orgTopStamp = new Int32Array(g);
    this.orgTop1 = new Int32Array(g);
    this.orgTop2 = new Int32Array(g);
  }
}
const scratchByIndex = new WeakMap<OfferIndex, Scratch>();
const STAMP_LIMIT = 1 << 30;

export function scratchFor(index: OfferIndex): Scratch {
  let s = scratchByIndex.get(index);
  if (!s || s.run >= STAMP_LIMIT || s.needStamp >= STAMP_LIMIT) {
    s = new Scratch(index.size, index.orgIds.length, index.topicWords);
    scratchByIndex.set(index, s);
  }
  s.run++;
  return s;
}
