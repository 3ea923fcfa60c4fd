/**
 * `npm run bench -- --only kem`: sepka beside key-encapsulation mechanisms in use, on one
 * machine in one run — HQC-128 and Classic McEliece 348864 (pqclean, its WebAssembly build of
 * the PQClean reference code) and ML-KEM-768 (@noble/post-quantum, plain JavaScript); and every
 * sepka profile whose `estimate` security level is ≥ 2^128 bit operations, as in-process
 * sessions of the code `measure` runs (createAlice/createBob over protocol/channel.ts), bytes
 * counted by protocol/wire.ts.
 *
 * One exchange of a KEM is what an ephemeral key agreement does with it: Alice makes a key pair
 * and sends the public key (Alice→Bob), Bob encapsulates and sends the ciphertext (Bob→Alice),
 * Alice decapsulates; both shared secrets are compared on every exchange. One exchange of
 * sepka is one whole session to a confirmed key; both keys are compared. Everything runs in
 * this one thread, so keys/s is on one core.
 *
 * Rounds are interleaved (each round times every contender once, in a rotated order), so that
 * load that comes and goes on the machine falls on all of them alike; the figure is the median
 * over rounds of the per-exchange time, with the fastest and slowest round. SEPKA_BENCH_ROUNDS
 * sets the rounds (default 3: the whole section in well under a minute at load 2).
 *
 * The ratios are the price of building key agreement generically from a learning separation
 * on an unstructured assumption (LPN with a dense random A, published whole), against KEMs
 * designed for the job on structured codes and lattices; they are not a flaw of the KEMs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { createAlice } from '../../src/protocol/alice.ts';
import { createBob } from '../../src/protocol/bob.ts';
import { runInMemorySession } from '../../src/protocol/channel.ts';
import { derive, listProfiles, loadProfile, type Profile } from '../../src/protocol/profile.ts';
import { countingSends, WireTally } from '../../src/protocol/wire.ts';
import { estimateMultiTarget } from '../../src/measure/estimateMulti.ts';
import { seededRng } from '../../src/rng.ts';
import { median } from '../../src/stats.ts';
import type { BenchSection } from './section.ts';

export interface KemRecord {
  name: string;
  kind: 'kem' | 'interactive';
  implementation: string;
  /** KEM: Alice→Bob the public key, Bob→Alice the ciphertext. sepka: every frame of a session. */
  bytes: { aliceToBob: number; bobToAlice: number; total: number };
  /** Frames (messages on the wire) per exchange. */
  frames: number;
  keyBits: number;
  /** Per exchange: median over rounds, fastest and slowest round. */
  ms: { median: number; min: number; max: number };
  rounds: number;
  exchangesPerRound: number;
  /** 1000 / median ms: one core, this thread. */
  keysPerSecond: number;
  security: { claim: string; nistLevel: number | null; log2BitOps: number | null };
  assumes: string;
  /** Every exchange's two shared secrets compared: how many agreed of how many. */
  agreed: number;
  exchanges: number;
  /** This record over HQC-128 and over ML-KEM-768: bytes (total) and time (median ms). */
  ratios: { hqc128: { bytes: number; time: number }; mlkem768: { bytes: number; time: number } };
}

export interface Contender {
  name: string;
  kind: KemRecord['kind'];
  implementation: string;
  security: KemRecord['security'];
  assumes: string;
  frames: number;
  perRound: number;
  /** One exchange: its bytes, key bits, and whether both sides got the same secret. */
  exchange(i: number): { aliceToBob: number; bobToAlice: number; keyBits: number; agreed: boolean };
}

const require = createRequire(import.meta.url);
const pkgVersion = (name: string): string => {
  try {
    return (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

const KEM_ASSUMES = 'authenticated channel (public key and ciphertext); KEM, one round trip';

interface PqcleanKem {
  publicKeySize: number;
  encryptedKeySize: number;
  keySize: number;
  keypair(): { publicKey: Uint8Array; privateKey: Uint8Array };
  generateKey(pk: Uint8Array): { key: Uint8Array; encryptedKey: Uint8Array };
  decryptKey(sk: Uint8Array, ct: Uint8Array): Uint8Array;
}

export function pqcleanKem(alg: string, name: string, nistLevel: number, perRound: number): Contender {
  // The WebAssembly backend whatever the install built: the same code on every machine.
  const { KEM } = require('pqclean/wasm/index.js') as { KEM: new (a: string) => PqcleanKem };
  const k = new KEM(alg);
  return {
    name,
    kind: 'kem',
    implementation: `pqclean ${pkgVersion('pqclean')} (WebAssembly)`,
    security: { claim: `NIST level ${nistLevel}`, nistLevel, log2BitOps: null },
    assumes: KEM_ASSUMES,
    frames: 2,
    perRound,
    exchange() {
      const { publicKey, privateKey } = k.keypair();
      const { key, encryptedKey } = k.generateKey(publicKey);
      const back = k.decryptKey(privateKey, encryptedKey);
      return { aliceToBob: publicKey.length, bobToAlice: encryptedKey.length, keyBits: 8 * key.length, agreed: equal(key, back) };
    },
  };
}

export const mlKem768: Contender = {
  name: 'ML-KEM-768',
  kind: 'kem',
  implementation: `@noble/post-quantum ${pkgVersion('@noble/post-quantum')} (JavaScript)`,
  security: { claim: 'NIST level 3', nistLevel: 3, log2BitOps: null },
  assumes: KEM_ASSUMES,
  frames: 2,
  perRound: 20,
  exchange() {
    const { publicKey, secretKey } = ml_kem768.keygen();
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey);
    const back = ml_kem768.decapsulate(cipherText, secretKey);
    return { aliceToBob: publicKey.length, bobToAlice: cipherText.length, keyBits: 8 * sharedSecret.length, agreed: equal(sharedSecret, back) };
  },
};

/** A profile's security level as `estimate` states it (one column or one challenge), log2 bit ops. */
export function securityLog2(p: Profile): number {
  const { challenges } = derive(p);
  return estimateMultiTarget({ n: p.n, theta: p.theta, m: p.m, w: p.w, L: p.L, challenges }).securityLevel.log2BitOps;
}

export function sepkaSessions(p: Profile, log2: number): Contender {
  let frames = 0;
  return {
    name: `sepka ${p.name}`,
    kind: 'interactive',
    implementation: 'sepka (in-process Alice and Bob, protocol/channel.ts, as measure)',
    security: { claim: `2^${log2.toFixed(1)} bit ops (estimate)`, nistLevel: null, log2BitOps: log2 },
    assumes: 'authenticated channel, passive Eve; interactive',
    get frames() {
      return frames;
    },
    perRound: 1,
    exchange(i) {
      const wire = new WireTally();
      const alice = createAlice(p, { rng: seededRng('bench', `kem/${p.name}/alice/${i}`) });
      const bob = createBob(p, { rng: seededRng('bench', `kem/${p.name}/bob/${i}`) });
      const r = runInMemorySession(countingSends(alice, wire), countingSends(bob, wire));
      const s = wire.summary();
      frames = s.total.frames;
      const agreed = r.alice.ok && r.bob.ok && equal(r.alice.key, r.bob.key);
      return { aliceToBob: s.aliceToBob.bytes, bobToAlice: s.bobToAlice.bytes, keyBits: r.alice.ok ? r.alice.keyBits : 0, agreed };
    },
  };
}

/** Profiles of the LPN line: the ones `estimate` prices (another instance states its own, or is insecure by design). */
export const isLpn = (p: Profile): boolean => (p.separation ?? 'lpn').startsWith('lpn');

/** The profiles in protocols/ whose estimated security level is ≥ 2^128, with it. */
export function secureProfiles(progress: (l: string) => void = () => {}): { profile: Profile; log2: number }[] {
  const out: { profile: Profile; log2: number }[] = [];
  for (const name of listProfiles()) {
    const profile = loadProfile(name);
    if (!isLpn(profile) || profile.insecure) {
      progress(`kem: ${name} not benched (${profile.insecure ? 'insecure by design' : 'no LPN estimate'})`);
      continue;
    }
    const log2 = securityLog2(profile);
    progress(`kem: ${name} estimate 2^${log2.toFixed(1)}${log2 >= 128 ? ' (benched)' : ''}`);
    if (log2 >= 128) out.push({ profile, log2 });
  }
  return out;
}

export const DEFAULT_ROUNDS = 3;

export function runKem(contenders: Contender[], rounds: number, progress: (l: string) => void = () => {}): KemRecord[] {
  const times = contenders.map(() => [] as number[]);
  const last = contenders.map(() => ({ aliceToBob: 0, bobToAlice: 0, keyBits: 0 }));
  const agreed = contenders.map(() => 0);
  const exchanges = contenders.map(() => 0);
  const one = (c: number, i: number) => {
    const x = contenders[c].exchange(i);
    exchanges[c]++;
    if (x.agreed) agreed[c]++;
    last[c] = x;
  };
  // Warm-up: one exchange each (JIT, WebAssembly compilation), not timed but checked.
  contenders.forEach((_, c) => one(c, -1));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = (k + r) % contenders.length;
      const n = contenders[c].perRound;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) one(c, r * n + i);
      times[c].push((performance.now() - t0) / n);
    }
    progress(`kem: round ${r + 1}/${rounds}`);
  }
  const base = contenders.map((c, i) => {
    const b = last[i];
    const ms = { median: median(times[i]), min: Math.min(...times[i]), max: Math.max(...times[i]) };
    const total = b.aliceToBob + b.bobToAlice;
    return { c, i, ms, total, b };
  });
  const ref = (name: string) => base.find((x) => x.c.name === name);
  const hqc = ref('HQC-128');
  const mlkem = ref('ML-KEM-768');
  const ratio = (x: (typeof base)[number], to: typeof hqc) => (to ? { bytes: x.total / to.total, time: x.ms.median / to.ms.median } : { bytes: NaN, time: NaN });
  return base.map((x) => ({
    name: x.c.name,
    kind: x.c.kind,
    implementation: x.c.implementation,
    bytes: { aliceToBob: x.b.aliceToBob, bobToAlice: x.b.bobToAlice, total: x.total },
    frames: x.c.frames,
    keyBits: x.b.keyBits,
    ms: x.ms,
    rounds,
    exchangesPerRound: x.c.perRound,
    keysPerSecond: 1000 / x.ms.median,
    security: x.c.security,
    assumes: x.c.assumes,
    agreed: agreed[x.i],
    exchanges: exchanges[x.i],
    ratios: { hqc128: ratio(x, hqc), mlkem768: ratio(x, mlkem) },
  }));
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (x: number): string => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`);

/** The security column, short: the NIST level, or sepka's estimate. */
const claim = (r: KemRecord): string => (r.security.nistLevel !== null ? `NIST level ${r.security.nistLevel}` : `2^${r.security.log2BitOps?.toFixed(1)} (est.)`);

export function formatKem(rs: KemRecord[]): string {
  const L = [
    'kem: one exchange = key pair, encapsulation, decapsulation (KEMs); a whole session to a confirmed',
    `key (sepka). ms: median over ${rs[0]?.rounds ?? 0} interleaved rounds [fastest, slowest]; keys/s on one core.`,
    '  exchange               A→B bytes  B→A bytes frames  ms per exchange         keys/s  security',
  ];
  for (const r of rs) {
    const spread = `${ms(r.ms.median)} [${ms(r.ms.min)}, ${ms(r.ms.max)}]`;
    const kps = r.keysPerSecond >= 10 ? int(r.keysPerSecond) : r.keysPerSecond.toFixed(2);
    L.push(`  ${r.name.padEnd(20)} ${int(r.bytes.aliceToBob).padStart(10)} ${int(r.bytes.bobToAlice).padStart(10)} ${String(r.frames).padStart(6)}  ${spread.padEnd(22)} ${kps.padStart(7)}  ${claim(r)}`);
  }
  L.push('  shared secrets agreed: ' + rs.map((r) => `${r.name} ${r.agreed}/${r.exchanges}`).join(', '));
  L.push('  assumes:');
  for (const r of rs) L.push(`    ${r.name.padEnd(20)} ${r.assumes}`);
  L.push('  ratios (bytes both ways; ms per exchange)    to HQC-128                 to ML-KEM-768');
  for (const r of rs) {
    const h = r.ratios.hqc128;
    const m = r.ratios.mlkem768;
    L.push(`    ${r.name.padEnd(40)} ${`${ratio(h.bytes)} bytes, ${ratio(h.time)} time`.padEnd(26)} ${ratio(m.bytes)} bytes, ${ratio(m.time)} time`);
  }
  L.push('  The ratios are the price of generality and of an unstructured assumption (LPN on a dense');
  L.push('  random A, published whole), not a flaw of the KEMs. McEliece keys are usually long-lived:');
  L.push('  its exchange here includes the key generation an ephemeral agreement would pay.');
  return L.join('\n');
}

const section: BenchSection<KemRecord> = {
  name: 'kem',
  run(progress) {
    const rounds = Number(process.env.SEPKA_BENCH_ROUNDS ?? DEFAULT_ROUNDS);
    if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 1000)) throw new Error(`SEPKA_BENCH_ROUNDS must be an integer in [1, 1000], got ${process.env.SEPKA_BENCH_ROUNDS}`);
    const contenders: Contender[] = [
      pqcleanKem('hqc-128', 'HQC-128', 1, 5),
      mlKem768,
      pqcleanKem('mceliece348864', 'McEliece 348864', 1, 1),
      ...secureProfiles(progress).map(({ profile, log2 }) => sepkaSessions(profile, log2)),
    ];
    return runKem(contenders, rounds, progress);
  },
  format: formatKem,
};
export default section;
