// One XML reading for every service: fast-xml-parser, with what it must not do switched off.

import { XMLParser } from "fast-xml-parser";

/**
 * Entities are left as written and decoded by our cleaners, once (decodeEntities); values
 * stay strings ("1601.00001" must not become a number). Elements with mixed content, such
 * as a title with <i>…</i>, are stop nodes: their inner XML arrives as one string, in order.
 */
export function parseXml(xml: string, mixedContent: string[]): Record<string, unknown> | null {
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: false,
      trimValues: true,
      stopNodes: mixedContent.map((name) => `*.${name}`),
    });
    const doc: unknown = parser.parse(xml);
    return isRecord(doc) ? doc : null;
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** XML and DBLP's JSON give one child as an object and several as an array. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element or JSON field: a string, a number, or an object's #text / text. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isRecord(value)) return textOf(value["#text"] ?? value.text);
  return "";
}

export function attrOf(value: unknown, name: string): string | undefined {
  const v = isRecord(value) ? value[`@_${name}`] : undefined;
  return typeof v === "string" ? v : undefined;
}

export function child(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}
