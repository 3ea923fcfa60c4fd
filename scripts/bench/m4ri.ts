/**
 * The M4RI comparison of the gf2 bench section: if Debian's libm4ri-dev is
 * installed (/usr/include/m4ri/m4ri.h), build a small C program against it
 * (mzd_echelonize_m4ri(A, full = 1, k = 0): M4RI's own choice of k, reduced echelon form, on a
 * uniform n×n matrix from mzd_randomize) and time it INTERLEAVED with sepka's rref on the same
 * shape: one call of ours, one of theirs, round after round, so that load on the machine hits
 * both alike; the ratio is the median of the paired per-round ratios. Each side is timed
 * around the elimination alone (the C side with CLOCK_MONOTONIC inside the program). Without the library or a C compiler the comparison is
 * skipped with a note; CI does not need it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matClone, matRandom, rref } from '../../src/gf2/index.ts';
import { seededRng } from '../../src/rng.ts';
import { median } from '../../src/stats.ts';

export interface M4riRecord {
  n: number;
  op: 'rref-vs-m4ri';
  /** Median ms of sepka's rref over the rounds. */
  ms: number;
  /** Median ms of mzd_echelonize_m4ri over the same rounds. */
  m4riMs: number;
  /** Median over the rounds of ours / theirs in the same round (robust to load that moves between rounds). */
  ratio: number;
  rounds: number;
}

const C_SOURCE = `#include <m4ri/m4ri.h>
#include <stdio.h>
#include <time.h>
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(void) {
  int rows, cols;
  while (scanf("%d %d", &rows, &cols) == 2) {
    mzd_t *A = mzd_init(rows, cols);
    mzd_randomize(A);
    double t0 = now_ms();
    rci_t r = mzd_echelonize_m4ri(A, 1, 0);
    double dt = now_ms() - t0;
    printf("%.6f %d\\n", dt, (int)r);
    fflush(stdout);
    mzd_free(A);
  }
  return 0;
}
`;

/** Build the C program; null (with the reason) when M4RI or a compiler is missing. */
export function buildM4ri(): { exe: string } | { skipped: string } {
  if (!existsSync('/usr/include/m4ri/m4ri.h')) return { skipped: 'M4RI not installed (Debian: apt-get install libm4ri-dev); comparison skipped' };
  const dir = mkdtempSync(join(tmpdir(), 'sepka-m4ri-'));
  writeFileSync(join(dir, 'bench.c'), C_SOURCE);
  const exe = join(dir, 'bench');
  const cc = spawnSync('cc', ['-O2', '-o', exe, join(dir, 'bench.c'), '-lm4ri'], { encoding: 'utf8' });
  if (cc.status !== 0) return { skipped: `could not build against M4RI (${(cc.stderr || String(cc.error)).trim().split('\n')[0]}); comparison skipped` };
  return { exe };
}

/** Interleaved rounds at each n: ours, then M4RI's, `rounds(n)` times. */
export async function compareM4ri(exe: string, sizes: number[], rounds: (n: number) => number, progress: (s: string) => void): Promise<M4riRecord[]> {
  const child = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  const theirs = (n: number) =>
    new Promise<number>((resolve) => {
      waiting.push((line) => resolve(Number(line.split(' ')[0])));
      child.stdin.write(`${n} ${n}\n`);
    });
  const out: M4riRecord[] = [];
  try {
    for (const n of sizes) {
      const A = matRandom(n, n, seededRng('bench', `gf2/m4ri/${n}`));
      // Warm-up: ≥ 3 calls and ≥ 200 ms of ours (V8 tiers the JS and WASM code up over the
      // first calls; one warm-up call left the first rounds up to 2× slow), one of theirs.
      for (let i = 0, t0 = performance.now(); i < 50 && (i < 3 || performance.now() - t0 < 200); i++) rref(matClone(A));
      await theirs(n);
      const ours: number[] = [];
      const them: number[] = [];
      const R = rounds(n);
      for (let k = 0; k < R; k++) {
        const M = matClone(A);
        const t0 = performance.now();
        rref(M);
        ours.push(performance.now() - t0);
        them.push(await theirs(n));
      }
      const ratio = median(ours.map((t, k) => t / them[k]));
      const rec: M4riRecord = { n, op: 'rref-vs-m4ri', ms: median(ours), m4riMs: median(them), ratio, rounds: R };
      out.push(rec);
      progress(`gf2 rref vs M4RI n=${n}: ${rec.ms.toFixed(2)} ms vs ${rec.m4riMs.toFixed(2)} ms (${rec.ratio.toFixed(2)}×, ${R} interleaved rounds)`);
    }
  } finally {
    child.stdin.end();
    child.kill();
  }
  return out;
}
