import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const DEBIAN = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** CHROMIUM_PATH, then Debian's chromium, then a browser Playwright downloaded; else a how-to. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
  }
  for (const path of DEBIAN) if (existsSync(path)) return path;
  try {
    const playwrightOwn = chromium.executablePath();
    if (playwrightOwn && existsSync(playwrightOwn)) return playwrightOwn;
  } catch {
    // playwright-core has no browser of its own installed: fall through to the how-to.
  }
  throw new Error(
    "No Chromium found for the browser tests. Install one: `sudo apt-get install chromium` " +
      "(Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH to a " +
      "Chromium or Chrome binary.",
  );
}

/** Flags for a headless, sandbox-free (root in CI) browser that makes no background calls. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];
