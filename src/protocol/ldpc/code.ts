/**
 * Parity-check matrices for syndrome reconciliation: sparse H (M checks × N
 * variables) in compressed form, built from a public seed so that Alice, Bob and Eve derive the
 * same code.
 *
 * Construction: progressive edge growth (Hu, Eleftheriou & Arnold, "Regular and irregular
 * progressive edge-growth Tanner graphs", IEEE T-IT 51(1), 2005), truncated to depth 2 so that
 * it stays linear in the number of edges at N ≈ 10^5: variables are processed in order of
 * non-decreasing degree, and each new edge of variable v goes to a check of lowest current
 * degree that is neither adjacent to v nor at distance 2 from it (no 4-cycle through v), ties
 * broken by the seeded generator (K candidates drawn among the checks still open). When no
 * candidate avoids a 4-cycle, any open check not adjacent to v is taken. The check degrees are
 * concentrated (each ⌊E/M⌋ or ⌈E/M⌉), as check-concentrated ensembles are near-optimal
 * (Richardson, Shokrollahi & Urbanke, "Design of capacity-approaching irregular LDPC codes",
 * IEEE T-IT 47(2), 2001).
 *
 * The degree-2 variables (at most M − 1 of them; any more get degree 3) are placed first, on a
 * staircase over a public order of the checks (see `buildCode`).
 *
 * A second construction, `buildRandomCode`, is the configuration model of the ensemble
 * (Richardson & Urbanke, "Modern Coding Theory", CUP 2008, §3.3: each variable of degree d gets
 * d sockets, each check its capacity, and a uniform random permutation joins them; a repeated
 * edge is repaired by swapping one of its sockets with a random socket of another check where
 * the swap repeats nothing), with the same staircase for the degree-2 variables. It is close to
 * the graph density evolution (density.ts) describes, and at the low rate two pair rounds need
 * it decodes much closer to the threshold than the PEG graph: at e = 0.194, N = 71,000, the PEG
 * graph failed at f₀ = M/(N·h(e)) = 1.08 (one seeded frame, 300 iterations) where this one
 * decodes 3 frames of 3 at f₀ = 1.045 (DE: asymptotic f = 1.022). At rate ≈ 0.62 (e ≈ 0.055) the
 * PEG graph is the better one (short cycles matter more at check degree ≈ 10): there the random
 * graph failed every frame at f₀ = 1.1 (N = 25,000, 3 frames), where the PEG graph reaches a
 * mean f of 1.096 with reveals (measured when it was built). reconcile.ts picks by rate.
 *
 * Variable degrees come from a node-perspective profile: `profile[k] = [degree, fraction]`.
 */
import { uniformInt, type Rng } from '../../rng.ts';

export interface LdpcCode {
  /** Variables (bits of the reconciled string) and checks (syndrome bits). */
  N: number;
  M: number;
  /** Check c's edges are e ∈ [checkPtr[c], checkPtr[c+1]); edgeVar[e] is the variable. */
  checkPtr: Uint32Array;
  edgeVar: Uint32Array;
  /** Variable v's edges, as check-edge indices: varEdge[k], k ∈ [varPtr[v], varPtr[v+1]). */
  varPtr: Uint32Array;
  varEdge: Uint32Array;
}

/** Node-perspective variable-degree profile: [degree, fraction of variables]. */
export type DegreeProfile = readonly (readonly [number, number])[];

/**
 * Variable degrees for N nodes from the profile (largest remainders; degrees capped at M). At
 * most M − 1 variables get degree 2 (they must fit on the staircase); the rest get degree 3.
 */
export function variableDegrees(N: number, M: number, profile: DegreeProfile): Uint8Array {
  const total = profile.reduce((s, [, f]) => s + f, 0);
  const counts = profile.map(([, f]) => Math.floor((N * f) / total));
  let left = N - counts.reduce((s, c) => s + c, 0);
  const order = profile.map((_, i) => i).sort((a, b) => ((N * profile[b][1]) / total) % 1 - ((N * profile[a][1]) / total) % 1);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]]++;
  const deg = new Uint8Array(N);
  let v = 0;
  profile.forEach(([d], i) => {
    for (let c = 0; c < counts[i]; c++) deg[v++] = Math.max(1, Math.min(d, M));
  });
  let twos = 0;
  for (let i = 0; i < N; i++) if (deg[i] === 2 && ++twos > M - 1) deg[i] = Math.min(3, M);
  return deg;
}

const CANDIDATES = 8;

/**
 * [0, len) in a public random order (Fisher–Yates with `u32() % (i + 1)`, slightly biased;
 * kept as is for the PEG codes, which are pinned by it; `unbiased` draws by rejection, as
 * rng.ts shuffle does, for the configuration-model codes).
 */
function shuffledRange(len: number, rng: Rng, unbiased = false): Uint32Array {
  const p = Uint32Array.from({ length: len }, (_, i) => i);
  for (let i = len - 1; i > 0; i--) {
    const j = unbiased ? uniformInt(rng, i + 1) : rng.u32() % (i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * What both constructions start from: the variable degrees, the edge count E, and the check
 * slots with concentrated capacities (check c holds edges [checkPtr[c], checkPtr[c+1]), each
 * ⌊E/M⌋ or ⌈E/M⌉ of them).
 */
function layout(N: number, M: number, profile: DegreeProfile): { vdeg: Uint8Array; E: number; checkPtr: Uint32Array } {
  if (!(M >= 1 && M < N)) throw new RangeError(`LDPC code needs 1 ≤ M < N, got M = ${M}, N = ${N}`);
  const vdeg = variableDegrees(N, M, profile);
  let E = 0;
  for (let v = 0; v < N; v++) E += vdeg[v];
  const checkPtr = new Uint32Array(M + 1);
  const base = Math.floor(E / M);
  for (let c = 0; c < M; c++) checkPtr[c + 1] = checkPtr[c] + base + (c < E - base * M ? 1 : 0);
  return { vdeg, E, checkPtr };
}

/** Build H for N variables and M checks; `rng` is a public-coin stream (bits.ts xofRng). */
export function buildCode(N: number, M: number, profile: DegreeProfile, rng: Rng): LdpcCode {
  const { vdeg, E, checkPtr } = layout(N, M, profile);
  // Variables in non-decreasing degree; within a degree, a public random order.
  const order = shuffledRange(N, rng);
  order.sort((a, b) => vdeg[a] - vdeg[b]);
  let n2 = 0;
  for (let v = 0; v < N; v++) if (vdeg[v] === 2) n2++;
  const cap = Uint32Array.from({ length: M }, (_, c) => checkPtr[c + 1] - checkPtr[c]);
  const cdeg = new Uint32Array(M);
  const edgeVar = new Uint32Array(E);
  const varPtr = new Uint32Array(N + 1);
  for (let v = 0; v < N; v++) varPtr[v + 1] = varPtr[v] + vdeg[v];
  const varCheck = new Uint32Array(E); // the checks of v, filled as edges are placed
  const varFill = new Uint32Array(N);
  // Open checks (capacity left), for O(1) sampling with swap-removal.
  const open = Uint32Array.from({ length: M }, (_, c) => c);
  const openPos = Uint32Array.from({ length: M }, (_, c) => c);
  let nOpen = M;
  const close = (c: number): void => {
    const p = openPos[c];
    const last = open[--nOpen];
    open[p] = last;
    openPos[last] = p;
    open[nOpen] = c;
    openPos[c] = nOpen;
  };
  const stamp = new Uint32Array(M); // stamp[c] = tag: c is adjacent to v or at distance 2
  const adj = new Uint32Array(M); // adj[c] = tag: c is adjacent to v
  let tag = 0;
  // The degree-2 variables form a staircase over a public order of the checks (check k and
  // k + 1 for the k-th one), as in extended irregular repeat-accumulate codes (Yang, Ryan &
  // Li, IEEE T-Comm 52(4), 2004): their subgraph is a path, so no codeword lives on degree-2
  // variables alone, the low-weight codewords that cycles among them would create.
  const stair = shuffledRange(M, rng);
  const link = (v: number, c: number): void => {
    edgeVar[checkPtr[c] + cdeg[c]++] = v;
    varCheck[varPtr[v] + varFill[v]++] = c;
    if (cdeg[c] === cap[c]) close(c);
  };
  for (let k = 0; k < n2; k++) {
    link(order[k], stair[k]);
    link(order[k], stair[k + 1]);
  }
  for (let oi = n2; oi < N; oi++) {
    const v = order[oi];
    for (let k = 0; k < vdeg[v]; k++) {
      tag++;
      for (let t = varPtr[v]; t < varPtr[v] + varFill[v]; t++) {
        const c = varCheck[t];
        adj[c] = tag;
        stamp[c] = tag;
        for (let e = checkPtr[c]; e < checkPtr[c] + cdeg[c]; e++) {
          const u = edgeVar[e];
          for (let s = varPtr[u]; s < varPtr[u] + varFill[u]; s++) stamp[varCheck[s]] = tag;
        }
      }
      let best = -1;
      for (let tries = 0; tries < CANDIDATES && nOpen > 0; tries++) {
        const c = open[rng.u32() % nOpen];
        if (stamp[c] === tag) continue;
        if (best < 0 || cdeg[c] < cdeg[best]) best = c;
      }
      if (best < 0) {
        // Every sampled check closes a 4-cycle: scan for one that avoids it, else any non-adjacent one.
        for (let i = 0; i < nOpen && best < 0; i++) if (stamp[open[i]] !== tag) best = open[i];
        for (let i = 0; i < nOpen && best < 0; i++) if (adj[open[i]] !== tag) best = open[i];
      }
      if (best < 0) break; // every open check is already adjacent: v gets a lower degree
      link(v, best);
    }
  }
  return compact(N, M, checkPtr, cdeg, edgeVar);
}

/** CSR arrays from the filled check lists (dropping unfilled capacity), and the variable view. */
function compact(N: number, M: number, ptr: Uint32Array, cdeg: Uint32Array, edgeVar0: Uint32Array): LdpcCode {
  const checkPtr = new Uint32Array(M + 1);
  for (let c = 0; c < M; c++) checkPtr[c + 1] = checkPtr[c] + cdeg[c];
  const E = checkPtr[M];
  const edgeVar = new Uint32Array(E);
  for (let c = 0; c < M; c++) edgeVar.set(edgeVar0.subarray(ptr[c], ptr[c] + cdeg[c]), checkPtr[c]);
  return withVariableView(N, M, checkPtr, edgeVar);
}

/** Repair attempts per repeated edge before the construction gives up on it. */
const REPAIR_TRIES = 1000;

/**
 * The configuration-model H (see the header), with the degree-2 variables (at most M − 1) on a
 * staircase over a uniformly random order of the checks, as in `buildCode`: without it, cycles
 * among degree-2 variables are low-weight codewords, and BP converged to a wrong word in 1 of
 * 10 sessions of 10^6 raw bits (caught by the verification hash).
 */
export function buildRandomCode(N: number, M: number, profile: DegreeProfile, rng: Rng): LdpcCode {
  const { vdeg, E, checkPtr } = layout(N, M, profile);
  const edgeVar = new Uint32Array(E);
  const fill = new Uint32Array(M);
  const stair = shuffledRange(M, rng, true);
  let k = 0;
  for (let v = 0; v < N; v++) {
    if (vdeg[v] !== 2) continue;
    for (const c of [stair[k], stair[k + 1]]) edgeVar[checkPtr[c] + fill[c]++] = v;
    k++;
  }
  // The free slots (capacity left after the staircase), in check order, joined to the other
  // variables' sockets by a uniform permutation: edge e of check c is edgeVar[e].
  const free = new Uint32Array(E - 2 * k);
  for (let c = 0, i = 0; c < M; c++) for (let e = checkPtr[c] + fill[c]; e < checkPtr[c + 1]; e++) free[i++] = e;
  const sockets = new Uint32Array(free.length);
  for (let v = 0, i = 0; v < N; v++) if (vdeg[v] !== 2) for (let d = 0; d < vdeg[v]; d++) sockets[i++] = v;
  const perm = shuffledRange(free.length, rng, true);
  for (let i = 0; i < free.length; i++) edgeVar[free[i]] = sockets[perm[i]];
  const checkOf = new Uint32Array(E);
  for (let c = 0; c < M; c++) checkOf.fill(c, checkPtr[c], checkPtr[c + 1]);
  const inCheck = (c: number, v: number, skip: number): boolean => {
    for (let e = checkPtr[c]; e < checkPtr[c + 1]; e++) if (e !== skip && edgeVar[e] === v) return true;
    return false;
  };
  for (const e of free) {
    const c = checkOf[e];
    if (!inCheck(c, edgeVar[e], e)) continue;
    for (let t = 0; t < REPAIR_TRIES; t++) {
      const e2 = free[uniformInt(rng, free.length)];
      const c2 = checkOf[e2];
      if (c2 === c || inCheck(c, edgeVar[e2], e) || inCheck(c2, edgeVar[e], e2)) continue;
      const x = edgeVar[e];
      edgeVar[e] = edgeVar[e2];
      edgeVar[e2] = x;
      break;
    }
  }
  return compactRepeated(N, M, checkPtr, edgeVar);
}

/**
 * The CSR arrays with the variable view. A repeated edge the repair could not remove (only on
 * tiny or nearly full graphs) is dropped in pairs, as H over GF(2) would cancel it.
 */
function compactRepeated(N: number, M: number, ptr: Uint32Array, edgeVar0: Uint32Array): LdpcCode {
  const keep = new Uint8Array(edgeVar0.length).fill(1);
  const checkPtr = new Uint32Array(M + 1);
  for (let c = 0; c < M; c++) {
    let d = 0;
    for (let e = ptr[c]; e < ptr[c + 1]; e++) {
      let mult = 0;
      for (let f = ptr[c]; f < ptr[c + 1]; f++) if (edgeVar0[f] === edgeVar0[e]) mult++;
      if (mult % 2 === 0) keep[e] = 0;
      else for (let f = ptr[c]; f < e; f++) if (keep[f] && edgeVar0[f] === edgeVar0[e]) keep[e] = 0;
      d += keep[e];
    }
    checkPtr[c + 1] = checkPtr[c] + d;
  }
  const E = checkPtr[M];
  const edgeVar = new Uint32Array(E);
  for (let e = 0, k = 0; e < edgeVar0.length; e++) if (keep[e]) edgeVar[k++] = edgeVar0[e];
  return withVariableView(N, M, checkPtr, edgeVar);
}

/** The code from its check-side CSR arrays, with the variable view (varPtr, varEdge) added. */
function withVariableView(N: number, M: number, checkPtr: Uint32Array, edgeVar: Uint32Array): LdpcCode {
  const E = checkPtr[M];
  const vcount = new Uint32Array(N);
  for (let e = 0; e < E; e++) vcount[edgeVar[e]]++;
  const varPtr = new Uint32Array(N + 1);
  for (let v = 0; v < N; v++) varPtr[v + 1] = varPtr[v] + vcount[v];
  const fill = varPtr.slice(0, N);
  const varEdge = new Uint32Array(E);
  for (let e = 0; e < E; e++) varEdge[fill[edgeVar[e]]++] = e;
  return { N, M, checkPtr, edgeVar, varPtr, varEdge };
}

/** The syndrome H·x (one bit per check). */
export function syndrome(code: LdpcCode, x: Uint8Array): Uint8Array {
  const s = new Uint8Array(code.M);
  for (let c = 0; c < code.M; c++) {
    let b = 0;
    for (let e = code.checkPtr[c]; e < code.checkPtr[c + 1]; e++) b ^= x[code.edgeVar[e]];
    s[c] = b;
  }
  return s;
}
