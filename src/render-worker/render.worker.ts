import type { RenderResult } from "../render";
import { renderMarkdown } from "../render";

export default function render(source: string): RenderResult {
  return renderMarkdown(source);
}
