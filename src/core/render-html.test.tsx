import { AsyncLocalStorage } from "node:async_hooks";
import type { Child } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import { HtmlEscapedCallbackPhase, raw } from "hono/utils/html";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderHtml, renderHtmlNow } from "./render-html";

afterEach(() => {
  vi.restoreAllMocks();
});

function Card(props: { title: string; children?: Child }) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

async function Later(props: { text: string }) {
  await new Promise((resolve) => setImmediate(resolve));
  return <em>{props.text}</em>;
}

/** A callback hono runs when the string is printed (as its html helper's callbacks are). */
const withCallback = () =>
  raw("<b>before</b>", [
    ({ phase, buffer }) => {
      if (phase === HtmlEscapedCallbackPhase.Stringify && buffer) {
        buffer[0] = buffer[0].replace("before", "after");
      }
      return undefined;
    },
  ]);

// Each printed by hand from the tree: what hono/jsx prints, with and without its store.
const trees: [string, () => JSX.Element, string][] = [
  [
    "escaped text and attributes",
    () => <p title={`"<x>" & y`}>{"<script>&amp;"}</p>,
    '<p title="&quot;&lt;x&gt;&quot; &amp; y">&lt;script&gt;&amp;amp;</p>',
  ],
  [
    "a document head (a namespace provider) and metadata tags",
    () => (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>A &amp; B</title>
          <link rel="stylesheet" href="/s.css" />
        </head>
        <body>
          <Card title="T">{[1, null, false, "z"]}</Card>
        </body>
      </html>
    ),
    '<html lang="en"><head><meta charset="utf-8"/><title>A &amp; B</title>' +
      '<link rel="stylesheet" href="/s.css"/></head><body><section class="card"><h2>T</h2>1z' +
      "</section></body></html>",
  ],
  [
    "an svg (another namespace provider)",
    () => (
      <svg viewBox="0 0 1 1" aria-hidden="true">
        <path d="M0 0" strokeWidth="1" />
      </svg>
    ),
    '<svg viewBox="0 0 1 1" aria-hidden="true"><path d="M0 0" stroke-width="1"></path></svg>',
  ],
  ["a print-time callback", () => <div>{withCallback()}</div>, "<div><b>after</b></div>"],
];

describe("renderHtml", () => {
  it.each(trees)("prints %s", async (_name, tree, expected) => {
    expect(await renderHtml(tree())).toBe(expected);
  });

  it("refuses an async component, inside a namespace or not", async () => {
    const trees = [
      <ul>
        <li>
          <Later text="one" />
        </li>
      </ul>,
      <svg viewBox="0 0 1 1" aria-hidden="true">
        <Later text="two" />
      </svg>,
    ];
    for (const tree of trees) {
      await expect(renderHtml(tree)).rejects.toThrow(/views must be synchronous/);
    }
  });

  it.each(trees)("prints %s at once (renderHtmlNow)", (_name, tree, expected) => {
    expect(renderHtmlNow(tree())).toBe(expected);
  });

  it("renderHtmlNow refuses an async component with the same error", async () => {
    const printed = renderHtmlNow(
      <p>
        <Later text="three" />
      </p>,
    );
    expect(typeof printed).not.toBe("string");
    await expect(printed).rejects.toThrow(/views must be synchronous/);
  });

  it("takes a promised element", async () => {
    expect(await renderHtml(Promise.resolve(<b>x</b>))).toBe("<b>x</b>");
  });

  it("prints concurrent renders with namespaces apart", async () => {
    const both = await Promise.all(trees.map(([, tree]) => renderHtml(tree())));
    expect(both).toEqual(trees.map(([, , expected]) => expected));
  });

  it("never enters an AsyncLocalStorage (which turns on promise hooks for good)", async () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, "run");
    const enterWith = vi.spyOn(AsyncLocalStorage.prototype, "enterWith");
    for (const [, tree] of trees) await renderHtml(tree());
    expect(run).not.toHaveBeenCalled();
    expect(enterWith).not.toHaveBeenCalled();
  });

  it("leaves the process's module lookup as it was", () => {
    const proc = process as unknown as { getBuiltinModule?: (id: string) => unknown };
    expect(typeof proc.getBuiltinModule).toBe("function");
    expect(proc.getBuiltinModule?.("node:async_hooks")).toHaveProperty("AsyncLocalStorage");
    // An ES module's process has no mainModule: none is left behind, not even an undefined one.
    expect(Object.hasOwn(process, "mainModule")).toBe(false);
  });
});
