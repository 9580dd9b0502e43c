// Prints a Cookie header for a new logged-in reader of DATABASE_URL's database, so a load
// tool can ask for uncached (logged-in) pages:
//   node --import tsx bench/session-cookie.ts sqlite:/tmp/bench.db
//   ab -k -c64 -t10 -H "$(node --import tsx bench/session-cookie.ts sqlite:…)" URL
// It writes a user and a session row directly (no password, no rate limit), as the tests'
// sessionClient does.
import { startSession } from "../src/auth/sessions.service";
import { nowIso } from "../src/core/time";
import { connect } from "../src/db/connect";
import { insertUser } from "../src/users/users.repo";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error("usage: session-cookie.ts DATABASE_URL");
  process.exit(2);
}
const db = connect(url);
try {
  const username = `bench_${Date.now().toString(36)}`;
  const id = await insertUser(db.kysely, {
    username,
    displayName: "Bench Reader",
    bio: "",
    bioHtml: "",
    orcid: null,
    email: null,
    createdAt: nowIso(),
  });
  console.log(`Cookie: ss_session=${await startSession(db.kysely, id, "bench")}`);
} finally {
  await db.close();
}
