import type { RenderResult } from "../render";

/** Renders user Markdown; in the app it runs in worker threads with a deadline. */
export type RenderFn = (source: string) => Promise<RenderResult>;
