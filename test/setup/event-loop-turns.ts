// Every test starts on a fresh turn of the event loop. Vitest runs a file's tests one after
// another on promises alone, so a file of synchronous tests (SQLite, KaTeX, a parser fed from
// memory) never lets its worker's event loop turn. The worker's calls to the runner wait for
// their replies with a 60 s timer, and a timer due before the loop turns fires before the
// reply is read. On a machine a few times slower than ours, a file of 10 s here can pass that
// limit, and the run fails ("Errors: 1") with every test passed. One turn per test bounds
// each wait by the longest single test, hook or helper, not by the whole file.

import { beforeEach } from "vitest";

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
