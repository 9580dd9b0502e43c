// Generated arXiv-snapshot lines shaped like the real file (arXiv's Kaggle JSON lines, ~2 KB a
// record): hard-wrapped titles and abstracts with TeX (math, accents, {\em ...}), unicode,
// heavy-tailed author lists (a few collaborations with hundreds of names) in both "authors"
// and "authors_parsed", 35% DOIs, journal references, versions with dates, old-style ids
// (hep-th/9901001) and new ones (0704.0001, 2101.01234). Every record is distinct and the
// file is the same on every run (seeded). Used by the import bench and the import tests.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "we propose a novel method for learning representations of graphs images and text that " +
  "improves state of the art results on benchmark tasks using deep neural networks with " +
  "attention our approach scales to large datasets and provides theoretical guarantees under " +
  "mild assumptions experiments show significant gains in accuracy efficiency robustness " +
  "compared to baselines quantum field theory black hole entropy dark matter galaxy cluster " +
  "spin chain lattice gauge symmetry breaking cosmological constant renormalization group " +
  "superconductivity topological insulator magnetization spectrum eigenvalue manifold " +
  "cohomology conjecture theorem prove bound estimate Hamiltonian Lagrangian perturbative " +
  "non-perturbative two-dimensional boundary condition numerical simulation Monte Carlo"
).split(" ");
/** Inline TeX and unicode as abstracts and titles carry them. */
const TEX = [
  "$\\alpha$",
  "$\\mathcal{N}=4$",
  "$O(n \\log n)$",
  "$SU(3)$",
  "$\\sqrt{s}=13$ TeV",
  "$T_c \\approx 4.2$ K",
  "{\\em in situ}",
  'Schr\\"odinger',
  "Poincar\\'e",
  "$\\ell_1$-norm",
  "$10^{-3}$",
  "\\textit{ab initio}",
  "Schrödinger",
  "Erdős–Rényi",
  "$H_0 = 70\\,\\mathrm{km\\,s^{-1}\\,Mpc^{-1}}$",
  "Bose–Einstein",
  "$\\Lambda$CDM",
  "Kähler",
];
const LAST = [
  "Smith",
  "Wang",
  'M\\"uller',
  "Bal\\'azs",
  "Nguyen",
  "García",
  "Kim",
  "Ivanov",
  "Rossi",
  "Zhang",
  "Li",
  "Dvořák",
  "O'Connor",
  "van der Berg",
  "Schmidt",
  "Kowalski",
  "Yamamoto",
  "Sørensen",
  "Chen",
  "Gupta",
];
const FIRST = ["A.", "Wei", "Jörg", "Maria", "J. P.", "Yuki", "Olga", "Luca", "C. -P.", "É."];
const CATEGORIES = [
  "cs.LG",
  "cs.CV",
  "cs.CL",
  "stat.ML",
  "hep-th",
  "hep-ph",
  "hep-ex",
  "math.CO",
  "math.AP",
  "math.AG",
  "astro-ph.GA",
  "astro-ph.CO",
  "quant-ph",
  "q-bio.NC",
  "cond-mat.str-el",
  "cond-mat.mes-hall",
  "gr-qc",
  "nucl-th",
];
const OLD_ARCHIVES = [
  "hep-th",
  "hep-ph",
  "astro-ph",
  "cond-mat",
  "math",
  "quant-ph",
  "gr-qc",
  "nucl-th",
  "physics",
  "cs",
];
const JOURNAL_REFS = [
  (v: number, y: number) => `Phys.Rev.D${v}:0${v}${y % 100},${y}`,
  (v: number, y: number) => `Phys. Rev. Lett. ${v}, ${v * 7}01 (${y})`,
  (v: number, y: number) => `JHEP ${String(v % 12).padStart(2, "0")} (${y}) ${v}`,
  (v: number, y: number) => `Advances in Neural Information Processing Systems ${v} (NIPS ${y})`,
  (_v: number, y: number) => `ICML ${y}`,
  (v: number, y: number) => `J. Mach. Learn. Res. ${v} (${y}) 1-${v}`,
  (v: number, y: number) => `Nature ${v}, 436-444 (${y})`,
  (v: number, y: number) => `Journal of Algebra ${v} (${y}) ${v * 3}-${v * 3 + 20}`,
  (v: number, y: number) => `Astrophys.J.${600 + v}:L${v},${y}`,
  (v: number, y: number) => `Nucl.Phys.B${500 + v}:${v * 11}-${v * 11 + 30},${y}`,
  (v: number, y: number) => `Commun.Math.Phys.${200 + v}:1-${v},${y}`,
];
const DOI_PREFIXES = [
  "10.1103/PhysRevD",
  "10.1088/1126-6708",
  "10.1007/s00220",
  "10.1016/j.nuclphysb",
  "10.1103/PhysRevLett",
];
const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** New-style months from 0704 to 2412; old-style from 9108 to 0703. */
const NEW_MONTHS = (2024 - 2007) * 12 + 12 - 3;
const OLD_MONTHS = (2007 - 1991) * 12 + 3 - 7;

/** Unique ids: record i gets one id no other record of the file has. */
function idOf(i: number): { id: string; year: number; month: number } {
  if (i % 7 === 3) {
    // Old style: archive/YYMMNNN, 10 archives × 188 months × 999 numbers.
    const k = Math.floor(i / 7);
    const month0 = 7 + (Math.floor(k / 10) % OLD_MONTHS);
    const n = 1 + Math.floor(k / 10 / OLD_MONTHS);
    const year = 1991 + Math.floor(month0 / 12);
    const month = 1 + (month0 % 12);
    const yymm = `${String(year % 100).padStart(2, "0")}${String(month).padStart(2, "0")}`;
    return { id: `${OLD_ARCHIVES[k % 10]}/${yymm}${String(n).padStart(3, "0")}`, year, month };
  }
  const j = i - Math.floor(i / 7) - (i % 7 > 3 ? 1 : 0);
  const month0 = 3 + (j % NEW_MONTHS);
  const year = 2007 + Math.floor(month0 / 12);
  const month = 1 + (month0 % 12);
  const n = 1 + Math.floor(j / NEW_MONTHS);
  const yymm = `${String(year % 100).padStart(2, "0")}${String(month).padStart(2, "0")}`;
  return { id: `${yymm}.${String(n).padStart(year >= 2015 ? 5 : 4, "0")}`, year, month };
}

/** 1–4 authors mostly, a long tail, and one in a thousand a collaboration of hundreds. */
function authorCount(rnd: () => number): number {
  const u = rnd();
  if (u < 0.001) return 300 + Math.floor(rnd() * 900);
  if (u < 0.02) return 15 + Math.floor(rnd() * 80);
  return 1 + Math.floor(-Math.log(1 - rnd()) * 3);
}

/** Text hard-wrapped as arXiv stores it: lines of ≤ 78 characters, joined by "\n" + indent. */
const wrap = (text: string, indent: string) =>
  text.replace(/(.{1,78})( |$)/g, `$1\n${indent}`).replace(/\n\s*$/, "");

/** One snapshot line (JSON, no newline) for record number `i`. */
export function snapshotLine(i: number, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const text = (n: number, texShare: number) => {
    const out: string[] = [];
    for (let w = 0; w < n; w++) out.push(rnd() < texShare ? pick(TEX) : pick(WORDS));
    return out.join(" ");
  };
  const { id, year, month } = idOf(i);
  const authors: [string, string, string][] = [];
  for (let a = authorCount(rnd); a > 0; a--) {
    authors.push([pick(LAST), pick(FIRST), rnd() < 0.02 ? "Jr" : ""]);
  }
  // About half the titles and abstracts carry TeX, as in the real snapshot.
  const tex = rnd() < 0.55 ? 0.03 : 0;
  const title = `${text(5 + Math.floor(rnd() * 10), tex * 2).replace(/^./, (c) => c.toUpperCase())} ${i}`;
  const abstract = `  ${text(100 + Math.floor(rnd() * 150), tex)}. Record ${i}.`;
  const versions = Array.from({ length: 1 + Math.floor(-Math.log(1 - rnd()) * 0.8) }, (_, v) => ({
    version: `v${v + 1}`,
    created: `Mon, ${1 + ((v * 9) % 28)} ${MONTH_NAMES[month - 1]} ${year + (v > 2 ? 1 : 0)} 1${v}:18:42 GMT`,
  }));
  const volume = 1 + (i % 97);
  const names = authors.map((a) => `${a[1]} ${a[0]}${a[2] ? ` ${a[2]}` : ""}`);
  return JSON.stringify({
    id,
    submitter: names[0],
    authors: names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0],
    title: wrap(title, "  "),
    comments: rnd() < 0.7 ? `${5 + (i % 40)} pages, ${i % 12} figures` : null,
    "journal-ref": rnd() < 0.4 ? pick(JOURNAL_REFS)(volume, year) : null,
    doi: rnd() < 0.35 ? `${pick(DOI_PREFIXES)}.${year}.${i}` : null,
    "report-no": rnd() < 0.1 ? `CERN-TH-${year}-${i % 1000}` : null,
    categories: Array.from(
      new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(CATEGORIES))),
    ).join(" "),
    license: rnd() < 0.5 ? "http://arxiv.org/licenses/nonexclusive-distrib/1.0/" : null,
    abstract: wrap(abstract, ""),
    versions,
    update_date: `${year + 1}-${String(month).padStart(2, "0")}-1${i % 10}`,
    authors_parsed: authors,
  });
}

/** Writes `records` generated snapshot lines to `file`. */
export async function generateSnapshot(file: string, records: number, seed = 42): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const rnd = seededRandom(seed);
  let buffer = "";
  for (let i = 0; i < records; i++) {
    buffer += `${snapshotLine(i, rnd)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}
