import type { Child } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { HtmlSlots } from "./html-slots";
import type { PageCtx } from "./page-context";
import { renderHtml } from "./render-html";
import { IDENTITY_PLACEHOLDER, personal, ViewerParts } from "./viewer-parts";

// A template filled for a viewer must hold exactly the bytes a render for that viewer holds.

interface Viewer {
  page: PageCtx;
  name: string;
  token: string;
  count: number;
}

const page = {} as PageCtx;
const viewer = (name: string, token: string, count: number): Viewer => ({
  page,
  name,
  token,
  count,
});

async function Later() {
  await new Promise((resolve) => setImmediate(resolve));
  return <em>late</em>;
}

/** A page whose parts are each kind of child: element, text, number, array, nothing. */
function View(props: { v: Viewer; sink?: ViewerParts<Viewer> }) {
  const token = (v: Viewer) => <input type="hidden" name="_csrf" value={v.token} />;
  return (
    <main>
      <h1>Ünïcödé ∑ title — “quoted”</h1>
      {personal(props.sink, props.v, (v) => (
        <nav>
          <a href={`/user/${encodeURIComponent(v.name)}`}>{v.name}</a>
        </nav>
      ))}
      <form>{personal(props.sink, props.v, token)}</form>
      <p>
        {personal(props.sink, props.v, (v) => `<${v.name}> & "friends"`)}
        {personal(props.sink, props.v, (v) => v.count)}
        {personal(props.sink, props.v, (v) => [v.name, null, false, " ✓ ", v.count])}
        {personal(props.sink, props.v, () => null as Child)}
      </p>
      <form>{personal(props.sink, props.v, token)}</form>
      <footer>end 🙂</footer>
    </main>
  );
}

async function template() {
  const parts = new ViewerParts<Viewer>();
  const stand = viewer(IDENTITY_PLACEHOLDER, "unused", 0);
  const html = await renderHtml(View({ v: stand, sink: parts }));
  const compiled = parts.compile(html, new HtmlSlots());
  if (!compiled) throw new Error("the template showed identity outside a part");
  return compiled;
}

describe("a shared template filled for a viewer", () => {
  it("holds the bytes of a render for that viewer, for several viewers", async () => {
    const shared = await template();
    for (const v of [
      viewer("ada", "tok-1", 3),
      viewer("Zoë Ñandú 李", "tok-€-2", 0),
      viewer('<b>"x"</b> & y', "t3", 12_345),
    ]) {
      const filled = Buffer.from(await shared.fill(v)).toString("utf8");
      expect(filled).toBe(await renderHtml(View({ v })));
    }
  });

  it("is refused when it shows identity outside a part", async () => {
    const parts = new ViewerParts<Viewer>();
    const html = await renderHtml(<p>{IDENTITY_PLACEHOLDER}</p>);
    expect(parts.compile(html, new HtmlSlots())).toBeNull();
  });

  it("refuses an async component in a part, as renderHtml does", async () => {
    const parts = new ViewerParts<Viewer>();
    const html = await renderHtml(
      <div>
        {personal(parts, viewer("x", "t", 0), () => (
          <span>
            <Later />
          </span>
        ))}
      </div>,
    );
    const shared = parts.compile(html, new HtmlSlots());
    await expect(shared?.fill(viewer("x", "t", 0))).rejects.toThrow(/views must be synchronous/);
  });

  it("refuses a promised child in a part, as a render for one reader would", async () => {
    const parts = new ViewerParts<Viewer>();
    const promised = () => Promise.resolve("<b>later</b>") as Child;
    const html = await renderHtml(<div>{personal(parts, viewer("x", "t", 0), promised)}</div>);
    const shared = parts.compile(html, new HtmlSlots());
    await expect(shared?.fill(viewer("x", "t", 0))).rejects.toThrow(/views must be synchronous/);
    await expect(renderHtml(<div>{promised()}</div>)).rejects.toThrow(/views must be synchronous/);
  });
});
