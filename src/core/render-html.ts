// Every page is printed here, and this module keeps hono/jsx away from AsyncLocalStorage.
//
// hono/jsx prints each element inside `AsyncLocalStorage.run` when the runtime has one, so
// that `useContext` still sees a provided value after an `await` in an async component (every
// <head> and <svg> is such a provider, of its namespace). On Node 20 the first `run` turns on
// async_hooks' promise hooks for the rest of the process, and from then on every promise
// anywhere pays for them: a logged-in paper page served 14–27% fewer requests a second
// (issue 12). hono looks for the store once, on its first use of context; when it finds none
// it keeps context in a plain variable during each synchronous render, which is what it does
// on runtimes without one. Our views are synchronous (renderHtml refuses an async component)
// and use no context of their own, so that is all they need.
// test/integration/render-no-async-store.test.ts checks that no page enters an
// AsyncLocalStorage, so a hono that looks for the store elsewhere fails it.

import { createContext, useContext } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";

const ASYNC_HOOKS = new Set(["node:async_hooks", "async_hooks"]);

interface ProcessModules {
  getBuiltinModule?: (id: string) => unknown;
  mainModule?: unknown;
}

/** Makes hono's one look for an AsyncLocalStorage come back empty (it never looks again). */
function lookForTheStoreWithoutAsyncHooks(): void {
  const proc = process as unknown as ProcessModules;
  const own = Object.getOwnPropertyDescriptor(proc, "getBuiltinModule");
  const mainModule = Object.getOwnPropertyDescriptor(proc, "mainModule");
  const getBuiltinModule = proc.getBuiltinModule;
  Object.defineProperty(proc, "getBuiltinModule", {
    configurable: true,
    writable: true,
    value: (id: string) => (ASYNC_HOOKS.has(id) ? undefined : getBuiltinModule?.call(process, id)),
  });
  // hono's second way in, from CommonJS; an ES module's process has no mainModule anyway.
  Object.defineProperty(proc, "mainModule", {
    configurable: true,
    writable: true,
    value: undefined,
  });
  try {
    useContext(createContext(null));
  } finally {
    if (own) Object.defineProperty(proc, "getBuiltinModule", own);
    else delete proc.getBuiltinModule;
    if (mainModule) Object.defineProperty(proc, "mainModule", mainModule);
    else delete proc.mainModule;
  }
}

lookForTheStoreWithoutAsyncHooks();

/**
 * The HTML of a page or fragment, printed by hono/jsx. An async component anywhere in it is
 * refused: without the store, hono would keep a namespace or context value it sets after an
 * `await` in one array shared by every render in flight, so concurrent pages could print
 * each other's (and the store is what this module keeps off).
 */
export async function renderHtml(node: JSX.Element | Promise<JSX.Element>): Promise<string> {
  const html: unknown = (await node).toString();
  return html instanceof Promise ? refuseAsync(html) : String(html);
}

/**
 * renderHtml for an element in hand, without a turn of the event loop: a page's per-reader
 * parts (core/viewer-parts.ts) are printed one after another for every logged-in request. The
 * string, or for an async component the same refusal as renderHtml's (a rejected promise).
 */
export function renderHtmlNow(node: JSX.Element): string | Promise<never> {
  const html: unknown = node.toString();
  if (html instanceof Promise) return refuseAsync(html);
  return String(html);
}

/** renderHtml's refusal of something printed later (an async component, a promised child). */
export async function refuseAsync(pending: Promise<unknown>): Promise<never> {
  // Let the render settle before failing, so nothing of it runs on after the error.
  await pending.catch(() => undefined);
  throw new Error("renderHtml: views must be synchronous, and an async component was printed");
}
