import type { TestClient } from "./client";

/**
 * Publishes (or saves again) `client`'s summary of the paper as the editor does: the write
 * page first (its form token), then the form's POST. The answer is the POST's.
 */
export async function publishSummary(
  client: TestClient,
  paper: { id: number; arxiv: string },
  source: string,
  extra: Record<string, string> = {},
): Promise<Response> {
  await client.get(`/paper/arxiv/${paper.arxiv}/write`);
  return client.post("/summaries", { paperId: String(paper.id), source, ...extra });
}
