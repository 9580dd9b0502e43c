import { DomainError } from "./errors";

/**
 * What rendering user Markdown gives back. The renderer (render/) implements it and every feature
 * that stores rendered HTML depends on it; it lives here so neither imports the other's folder.
 */
export interface MathIssue {
  /** The TeX between the delimiters, as written. */
  source: string;
  display: boolean;
  message: string;
}

export interface RenderResult {
  html: string;
  mathCount: number;
  mathErrors: MathIssue[];
}

/** Renders user Markdown; in the app it runs in worker threads with a deadline. */
export type RenderFn = (source: string) => Promise<RenderResult>;

/** The render pool gave up: the deadline passed, or its queue was full. */
export class RenderTimeoutError extends Error {
  constructor(
    readonly deadlineMs: number,
    readonly reason: "deadline" | "queue" = "deadline",
  ) {
    super(
      reason === "deadline"
        ? `rendering took longer than ${deadlineMs} ms`
        : `no render worker was free within ${deadlineMs} ms`,
    );
    this.name = "RenderTimeoutError";
  }
}

/** Renders, turning a render that ran out of time into a clear error for the writer. */
export async function renderOrRefuse(render: RenderFn, source: string): Promise<RenderResult> {
  try {
    return await render(source);
  } catch (error) {
    if (error instanceof RenderTimeoutError) {
      throw new DomainError(
        "render_timeout",
        "This text took too long to typeset. Shorten it or simplify its math, then try again.",
      );
    }
    throw error;
  }
}
