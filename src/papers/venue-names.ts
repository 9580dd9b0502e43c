// Venue names from every source (DBLP keys, arXiv journal-refs, Crossref container titles) to
// one stable key and a display name, so that "NIPS 2017", "Advances in Neural Information
// Processing Systems 30" and conf/nips/… are one venue. Pure: no I/O.

import { VENUE_INPUT_MAX_CHARS, VENUE_KEY_MAX_CHARS, VENUE_NAME_MAX_CHARS } from "../core/limits";
import type { Section } from "./sections";
import { KNOWN_VENUES, type KnownVenue } from "./venue-table";

export interface VenueName {
  key: string;
  name: string;
  /** Coarse field the venue implies, for papers without arXiv categories. */
  section: Section | null;
}

// Words that vary between spellings of one name ("IEEE/CVF", "the 36th Annual …").
const NOISE = new Set(
  "the annual ieee cvf acm international proceedings proc of in on and for".split(" "),
);
const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}+/gu, "");
const words = (text: string) =>
  fold(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/);
const matchKey = (text: string) =>
  words(text)
    .filter((w) => w.length > 0 && !NOISE.has(w))
    .join(" ");

const BY_NAME = new Map<string, KnownVenue>();
const BY_ACRONYM = new Map<string, KnownVenue>();
const BY_DBLP = new Map<string, KnownVenue>();
const BY_KEY = new Map<string, KnownVenue>();
for (const venue of KNOWN_VENUES) {
  BY_KEY.set(venue.key, venue);
  for (const name of [...venue.names, ...venue.acronyms]) BY_NAME.set(matchKey(name), venue);
  for (const a of venue.acronyms) {
    BY_ACRONYM.set(a, venue);
    BY_ACRONYM.set(a.toUpperCase(), venue);
  }
  for (const stream of venue.dblp) BY_DBLP.set(stream, venue);
}

const known = (v: KnownVenue): VenueName => ({ key: v.key, name: v.name, section: v.section });

// A workshop or symposium "at NeurIPS" is not NeurIPS: its acronym must not decide.
const SATELLITE = /\b(?:workshops?|symposium|symposia)\b/i;
const LEAD =
  /^(?:(?:to appear|accepted|published|presented|appeared)\b[^,;]*?\b(?:in|at)|in)\b\s*:?\s*/i;
const PROCEEDINGS = /^(?:the\s+)?(?:proceedings|proc\.?)(?:\s+of)?(?:\s+the)?\s+/i;
const YEAR = /(?:\b(?:19|20)\d{2}\b|'\d{2}\b)/g;
const ORDINAL =
  /\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b(?=\s+(?:annual|international|conference|meeting|edition|acm|ieee))|\b\d+(?:st|nd|rd|th)\b/gi;
// A volume, issue or page number ends the name: "Phys. Rev. Lett. 99", "Nature 521, 436".
const GLUED_VOLUME = /(\.|(?<![\p{L}\d])\p{Lu})(\d)/gu;
const VOLUME = /(?:^|\s)(?:(?:vol|volume|no|pp|issue|part)\b\.?|\d+(?![\p{L}\d])).*$/iu;

/** The name part of a venue string: no parentheses, years, ordinals, volume or pages. */
function nameOf(text: string): string {
  let t = text.replace(/\([^()]*\)|\[[^[\]]*\]/g, " ").replace(LEAD, "");
  t = (t.split(/[,;:]/)[0] ?? "").replace(YEAR, " ").replace(ORDINAL, " ");
  t = t.replace(/\s+/g, " ").trim().replace(LEAD, "").replace(PROCEEDINGS, "");
  // arXiv journal-refs glue the volume on: "Phys.Rev.D76", "Adv.Theor.Math.Phys.2".
  t = t
    .replace(GLUED_VOLUME, "$1 $2")
    .replace(VOLUME, "")
    .replace(/[\s,;:/–—-]+$/, "");
  return t.replace(/^(?:the|annual)\s+/i, "").trim();
}

function slugOf(name: string): string {
  const slug = words(name)
    .filter((w) => w.length > 0)
    .join("-");
  if (slug.length <= VENUE_KEY_MAX_CHARS) return slug;
  const cut = slug.slice(0, VENUE_KEY_MAX_CHARS + 1);
  return cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : VENUE_KEY_MAX_CHARS);
}

/**
 * A venue from a journal-ref, a container title or a DBLP journal/booktitle field: a known
 * venue when an acronym or a name matches the table, else a slug of the name. Null when the
 * text names no venue (empty, only numbers).
 */
export function normalizeVenue(input: string | null | undefined): VenueName | null {
  if (typeof input !== "string") return null;
  const text = input.normalize("NFC").replace(/\s+/g, " ").trim().slice(0, VENUE_INPUT_MAX_CHARS);
  if (!/\p{L}/u.test(text)) return null;
  if (!SATELLITE.test(text)) {
    for (const token of text.split(/[^A-Za-z]+/)) {
      const venue = BY_ACRONYM.get(token);
      if (venue) return known(venue);
    }
  }
  const name = nameOf(text);
  const byName = BY_NAME.get(matchKey(name));
  if (byName) return known(byName);
  const key = slugOf(name);
  if ((key.match(/[a-z]/g) ?? []).length < 2) return null;
  return { key, name: name.slice(0, VENUE_NAME_MAX_CHARS).trim(), section: sectionOfVenue(key) };
}

const DBLP_STREAM = /^(conf|journals)\/([a-z0-9][\w-]*)\//i;

/**
 * The venue of a DBLP record key (`conf/nips/VaswaniSPUJGKP17` → nips). DBLP's stream code is
 * the key of venues not in the table (short and stable across the years' spellings), with the
 * record's journal or booktitle as the name. DBLP is a computer-science bibliography: its
 * venues are cs unless the table or the name says otherwise.
 */
export function venueFromDblpKey(dblpKey: string, name?: string | null): VenueName | null {
  const m = DBLP_STREAM.exec(dblpKey);
  if (!m) return normalizeVenue(name);
  const stream = `${m[1]?.toLowerCase()}/${m[2]?.toLowerCase()}`;
  const byStream = BY_DBLP.get(stream);
  if (byStream) return known(byStream);
  const named = normalizeVenue(name);
  if (named && BY_KEY.has(named.key)) return named;
  const code = slugOf(m[2] ?? "");
  return {
    key: code,
    name: named?.name || code.toUpperCase(),
    section: named?.section ?? sectionOfVenue(code) ?? "cs",
  };
}

const SECTION_WORDS: [Section, RegExp][] = [
  [
    "physics",
    /^(?:phys|physics|physical|astrophys|astrophysics|astrophysical|astron|astronomy|cosmology|nucl|nuclear|quantum|gravitation)$/,
  ],
  [
    "bio",
    /^(?:bio|biol|biology|biological|biochem|bioinformatics|genetics|genomics|genome|neurosci|neuroscience|cell)$/,
  ],
  ["stat", /^(?:stat|statistics|statistical|statist)$/],
  ["econ", /^(?:econ|economics|economic|econometrica|econometrics)$/],
  ["fin", /^(?:finance|financial)$/],
  ["math", /^(?:math|mathematics|mathematical|algebra|topology|combinatorics)$/],
  ["cs", /^(?:computer|computing|comput|software|informatics|algorithms)$/],
];

/** The section a venue implies: the table's, else a guess from words of its key. */
export function sectionOfVenue(key: string): Section | null {
  const venue = BY_KEY.get(key);
  if (venue) return venue.section;
  const parts = key.split("-");
  for (const [section, pattern] of SECTION_WORDS) {
    if (parts.some((p) => pattern.test(p))) return section;
  }
  return null;
}

// Every way a reader may write a known venue in its address (`/venue/neurips`,
// `/venue/NIPS`, `/venue/advances-in-neural-information-processing-systems`): the key, the
// acronyms, the DBLP stream code, and slugs of the display name and of every name.
const BY_ALIAS = new Map<string, string>();
for (const venue of KNOWN_VENUES) {
  const aliases = [
    venue.key,
    slugOf(venue.name),
    ...venue.acronyms.map((a) => a.toLowerCase()),
    ...venue.names.map(slugOf),
    ...venue.dblp.map((stream) => stream.split("/")[1] ?? ""),
  ];
  // First come, first kept: a table venue's own key always wins over another's alias.
  for (const alias of aliases) if (alias && !BY_ALIAS.has(alias)) BY_ALIAS.set(alias, venue.key);
}
for (const venue of KNOWN_VENUES) BY_ALIAS.set(venue.key, venue.key);

/** Every alias of the table's venues, with the key it stands for (the venue pages' tests). */
export function knownVenueAliases(): { alias: string; key: string }[] {
  return [...BY_ALIAS].map(([alias, key]) => ({ alias, key }));
}

/**
 * The key a venue address names: a known venue's key for any of its aliases, in any case;
 * else the address in lower case (every stored key is a lower-case slug).
 */
export function canonicalVenueKey(input: string): string {
  const lower = input.toLowerCase();
  return BY_ALIAS.get(lower) ?? BY_ALIAS.get(slugOf(lower)) ?? lower;
}
