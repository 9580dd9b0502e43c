// Citation records for the citation tests (not loaded by the app).

import type { CitablePaper } from "./citable";

export const revnet: CitablePaper = {
  title: "The Reversible Residual Network: Backpropagation Without Storing Activations",
  authors: ["Aidan N. Gomez", "Mengye Ren", "Raquel Urtasun", "Roger B. Grosse"],
  year: 2017,
  venue: { name: "NeurIPS", kind: "conference" },
  doi: null,
  arxivId: "1707.04585",
  arxivVersion: 1,
  primaryCategory: "cs.CV",
  abstract: "Introduces residual networks built from reversible blocks.",
  url: "https://shortscience.example/paper/arxiv/1707.04585",
  pdfUrl: "https://arxiv.org/pdf/1707.04585",
  unconfirmedNote: null,
};

/** Every character LaTeX treats specially, TeX math, accents, and a closing script tag. */
export const TRICKY_TITLE =
  "Rényi & Müller: 100% $\\ell_1$ #1 a_b {x} ~y ^z \\alpha <0.5MB> a|b for ResNet and GANs</script>";

export const trickyAuthors = [
  "Alfréd Rényi",
  "Hans Müller",
  "Kjetil Ødegaard",
  "Christopher De Sa",
  "Plato",
  "Ludwig van Beethoven",
  "Martin Luther King Jr.",
  "Zoë O'Brien-Smith",
  "R&D Team",
  "Fei-Fei Li",
];

export function paper(overrides: Partial<CitablePaper> = {}): CitablePaper {
  return { ...revnet, ...overrides };
}
