// The cross-process import lock (import-hold.ts), on a real file. Its holder is often only an
// async function awaiting the import: the hold must outlive a garbage collection that finds
// nothing else reaching it, or a server start would take a running import's settings back.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { holdForImport, whenNoImportRuns } from "./import-hold";

v8.setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

const dir = mkdtempSync(join(tmpdir(), "shortscience-import-hold-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether work could run now: false while any import holds the lock. */
async function couldRun(file: string): Promise<boolean> {
  let ran = false;
  const answered = await whenNoImportRuns(file, async () => {
    ran = true;
  });
  expect(answered).toBe(ran);
  return ran;
}

describe("an import hold", () => {
  it("keeps other work out until it is released, then lets it in", async () => {
    const file = join(dir, "released.db");
    const first = holdForImport(file);
    const second = holdForImport(file);
    expect(await couldRun(file)).toBe(false);
    first.release();
    expect(await couldRun(file)).toBe(false);
    second.release();
    expect(await couldRun(file)).toBe(true);
  });

  it("outlives a garbage collection while its holder awaits a promise nothing else reaches", async () => {
    const file = join(dir, "unreachable.db");
    async function importUntilKilled() {
      const hold = holdForImport(file);
      await new Promise<never>(() => {});
      hold.release();
    }
    void importUntilKilled();
    expect(await couldRun(file)).toBe(false);
    collect();
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    expect(await couldRun(file)).toBe(false);
  });
});
