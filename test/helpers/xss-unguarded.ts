import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import type { LiveServer } from "./live-server";

// The CSP is the second wall, not the first (issue 9): here the pages are served with their
// Content-Security-Policy header removed, and the stored HTML is also loaded on its own into
// a bare page with no policy at all. A real Chromium then records every dialog, every call
// to alert/confirm/prompt/print, every navigation or popup, every request for a script,
// style, frame or document (images from other hosts are legitimate content), and reads the
// DOM it built: handlers, script URLs, frames, forms, id/name, author styles.

const RECORDER = `
  window.__xss = [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
  }
`;

/** Runs in the page: what the browser built that an author must not control. */
function auditDom(): string[] {
  const problems: string[] = [];
  const describe = (el: Element) => `<${el.tagName.toLowerCase()}>`;
  for (const el of document.querySelectorAll("script")) {
    if (el.type !== "application/ld+json") problems.push(`script: ${el.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll(
    "iframe,frame,object,embed,applet,base,[formaction]",
  )) {
    problems.push(`${describe(el)} in the document`);
  }
  for (const el of document.body.querySelectorAll("meta,link,style,template,noscript")) {
    problems.push(`${describe(el)} in the body`);
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) problems.push(`${attr.name} on ${describe(el)}`);
    }
  }
  const safe = new Set(["http:", "https:", "mailto:"]);
  for (const a of document.querySelectorAll<HTMLAnchorElement>("a[href],area[href]")) {
    if (!safe.has(a.protocol)) problems.push(`link to ${a.href.slice(0, 80)}`);
  }
  for (const img of document.querySelectorAll<HTMLImageElement>(".prose img")) {
    // An <img> whose src was removed loads nothing.
    const src = img.getAttribute("src");
    if (src !== null && !img.src.startsWith("https:") && !img.src.startsWith(location.origin)) {
      problems.push(`image from ${img.src.slice(0, 80)}`);
    }
    if (img.hasAttribute("srcset")) problems.push(`srcset on <img>`);
  }
  // Inside rendered content (KaTeX output aside): no forms, no foreign elements, no id/name
  // (DOM clobbering), no author styles or classes that could cover the page.
  for (const el of document.querySelectorAll(".prose *")) {
    if (el.closest(".katex")) continue;
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml")
      problems.push(`${describe(el)} foreign`);
    if (/^(form|input|button|select|textarea|video|audio|source|marquee)$/i.test(el.tagName)) {
      problems.push(`${describe(el)} in content`);
    }
    for (const name of ["id", "name"]) {
      if (el.hasAttribute(name))
        problems.push(`${name}="${el.getAttribute(name)}" on ${describe(el)}`);
    }
    if (el.hasAttribute("style"))
      problems.push(`style="${el.getAttribute("style")}" on ${describe(el)}`);
    for (const c of el.classList) {
      if (
        !/^(cite|center|align-(left|center|right)|math-error|math-scroll|excerpt-heading|katex[\w-]*)$/.test(
          c,
        )
      ) {
        problems.push(`class="${c}" on ${describe(el)}`);
      }
    }
    const position = getComputedStyle(el).position;
    if (position === "fixed" || position === "sticky") problems.push(`${position} ${describe(el)}`);
  }
  // Clobbering that slipped past the attribute check would show here.
  if (typeof document.getElementById !== "function")
    problems.push("document.getElementById clobbered");
  if (typeof document.cookie !== "string") problems.push("document.cookie clobbered");
  return problems;
}

export interface UnguardedReport {
  pages: number;
  problems: string[];
}

/** Lets handlers driven by load, focus, timers or toggles (autofocus, ontoggle, refresh) run. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
}

async function withBrowser<T>(
  origin: string,
  run: (page: Page, problems: string[]) => Promise<T>,
): Promise<T> {
  const browser: Browser = await chromium.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript(RECORDER);
    const problems: string[] = [];
    await context.route("**/*", async (route) => {
      const request = route.request();
      if (!request.url().startsWith(origin)) {
        if (request.resourceType() !== "image") problems.push(`request: ${request.url()}`);
        return route.abort();
      }
      // Our own pages, without their CSP: the renderer alone must keep them inert.
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      delete headers["content-security-policy-report-only"];
      return route.fulfill({ response, headers });
    });
    const page = await context.newPage();
    page.on("dialog", (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("popup", (p) => problems.push(`popup: ${p.url()}`));
    page.on("request", (r) => {
      if (/^(javascript|data|vbscript):/i.test(r.url()))
        problems.push(`request: ${r.url().slice(0, 80)}`);
    });
    return await run(page, problems);
  } finally {
    await browser.close();
  }
}

async function collect(page: Page, where: string, problems: string[]): Promise<void> {
  await settle(page);
  // Read and empty: a bare page keeps its window (and this list) across setContent calls.
  const recorded = await page.evaluate(() => {
    const w = window as unknown as { __xss?: string[] };
    const calls = w.__xss ?? [];
    w.__xss = [];
    return calls;
  });
  problems.push(...recorded.map((r) => `${where}: ${r}`));
  problems.push(...(await page.evaluate(auditDom)).map((p) => `${where}: ${p}`));
}

/** Opens each page of the live server with its CSP header removed. */
export async function visitWithoutCsp(
  server: LiveServer,
  paths: string[],
): Promise<UnguardedReport & { inlineScriptRuns: boolean }> {
  return withBrowser(server.url, async (page, problems) => {
    let pages = 0;
    let inlineScriptRuns = false;
    for (const path of paths) {
      const target = server.url + path;
      const res = await page.goto(target, { waitUntil: "load" });
      if (res?.status() !== 200) throw new Error(`${path}: ${res?.status()}`);
      const navigations: string[] = [];
      const onNavigate = (frame: { url(): string }) => navigations.push(frame.url());
      page.on("framenavigated", onNavigate);
      await collect(page, path, problems);
      page.off("framenavigated", onNavigate);
      problems.push(...navigations.map((url) => `${path}: navigated to ${url}`));
      if (page.url() !== target) problems.push(`${path}: left for ${page.url()}`);
      // Proof that the wall is down: an inline script the page adds runs.
      inlineScriptRuns ||= await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = true";
        document.head.append(s);
        return (window as unknown as { __inline?: boolean }).__inline === true;
      });
      pages++;
    }
    return { pages, problems, inlineScriptRuns };
  });
}

/** Loads each stored fragment alone into a bare page (no CSP, no layout) on the server's origin. */
export async function loadFragmentsWithoutCsp(
  server: LiveServer,
  fragments: string[],
): Promise<UnguardedReport> {
  return withBrowser(server.url, async (page, problems) => {
    // A page of ours, so relative URLs resolve against the server; then its body is replaced.
    await page.goto(`${server.url}/robots.txt`);
    for (const [i, html] of fragments.entries()) {
      await page.setContent(
        `<!DOCTYPE html><html><head></head><body><div class="prose">${html}</div></body></html>`,
        {
          waitUntil: "load",
        },
      );
      await collect(page, `fragment ${i}`, problems);
    }
    return { pages: fragments.length, problems };
  });
}
