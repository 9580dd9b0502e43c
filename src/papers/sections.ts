// Coarse sections for the home page filter, derived from the primary arXiv category.

export const SECTIONS = {
  cs: "Computer science",
  stat: "Statistics",
  math: "Mathematics",
  physics: "Physics",
  bio: "Biology",
  econ: "Economics",
  eess: "Engineering",
  fin: "Finance",
} as const;

export type Section = keyof typeof SECTIONS;

const PHYSICS_ARCHIVES =
  /^(physics|astro-ph|cond-mat|gr-qc|hep-[a-z]+|math-ph|nlin|nucl-[a-z]+|quant-ph)(\.|$)/;

function sectionOfCategory(category: string): Section | null {
  const c = category.trim();
  if (c.startsWith("cs.")) return "cs";
  if (c.startsWith("stat.")) return "stat";
  if (c.startsWith("math.")) return "math";
  if (c.startsWith("q-bio")) return "bio";
  if (c.startsWith("q-fin")) return "fin";
  if (c.startsWith("econ")) return "econ";
  if (c.startsWith("eess")) return "eess";
  if (PHYSICS_ARCHIVES.test(c)) return "physics";
  return null;
}

/** The section of the first category that has one (arXiv lists the primary category first). */
export function sectionOfCategories(categories: readonly string[]): Section | null {
  for (const c of categories) {
    const s = sectionOfCategory(c);
    if (s) return s;
  }
  return null;
}

export function isSection(value: string): value is Section {
  return Object.hasOwn(SECTIONS, value);
}
