import { describe, expect, it } from "vitest";
import type { ReplayServer } from "../fixtures/metadata/harness";
import { replayServers } from "./replay-servers";

const { serve, servers } = replayServers();
let first: ReplayServer | undefined;

describe("replayServers", () => {
  it("serves the routes table over HTTP", async () => {
    first = await serve([[/^\/x$/, { status: 201, body: "made" }]]);
    const res = await fetch(`${first.baseUrl}/x`);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("made");
    expect((await fetch(`${first.baseUrl}/y`)).status).toBe(404);
    expect(servers).toEqual([first]);
  });

  it("has closed the last test's servers, and emptied the list, before the next", async () => {
    expect(servers).toEqual([]);
    await expect(fetch(`${first?.baseUrl}/x`)).rejects.toThrow();
  });
});
