import { describe, expect, it } from "vitest";
import { HtmlSlots } from "./html-slots";

const bytes = (s: string) => Buffer.from(s, "utf8");

describe("HtmlSlots", () => {
  it("puts each slot's bytes where its marker is, in any order, text around them encoded", () => {
    const slots = new HtmlSlots();
    const a = slots.put(bytes("<p>café 𝔼</p>"));
    const b = slots.put(bytes("<p>ß</p>"));
    const page = `<main>é ${b} — ${a} 🙂</main>`;
    const out = Buffer.from(slots.fill(page)).toString("utf8");
    expect(out).toBe("<main>é <p>ß</p> — <p>café 𝔼</p> 🙂</main>");
  });

  it("a slot used twice is written twice; an empty one writes nothing", () => {
    const slots = new HtmlSlots();
    const a = slots.put(bytes("x"));
    const empty = slots.put(new Uint8Array(0));
    expect(Buffer.from(slots.fill(`${a}|${empty}|${a}`)).toString()).toBe("x||x");
  });

  it("leaves text that only looks like a marker alone (the number is random per process)", () => {
    const slots = new HtmlSlots();
    const real = slots.put(bytes("REAL"));
    const fake = "\u0000abc:0\u0000";
    const out = Buffer.from(slots.fill(`${fake}${real}`)).toString("utf8");
    expect(out).toBe(`${fake}REAL`);
    expect(real).not.toBe(fake);
  });

  it("with no markers, gives the page's UTF-8 bytes", () => {
    const slots = new HtmlSlots();
    slots.put(bytes("unused"));
    const page = "<p>naïve 🙂</p>";
    expect(Buffer.from(slots.fill(page)).equals(bytes(page))).toBe(true);
  });
});
