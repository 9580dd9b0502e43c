/**
 * Which top-level folder of src/ may import which: the rules of ARCHITECTURE.md, checked by
 * `npm run lint` through .dependency-cruiser.cjs.
 *
 * LAYERS says which top-level folders of src/ each folder may import. Anything not listed is
 * refused, so a new edge has to be added here on purpose, where review sees it; the map is
 * acyclic, so no chain of folders can import itself.
 */
const LAYERS = {
  core: [],
  db: ["core"],
  render: ["core"],
  mail: ["core"],
  "render-worker": ["render", "core"],
  ratelimit: ["db", "core"],
  ui: ["core"],
  http: ["ui", "db", "core"],
  papers: ["http", "ui", "ratelimit", "db", "core"],
  summaries: ["papers", "http", "ui", "ratelimit", "render", "db", "core"],
  comments: ["summaries", "http", "ui", "ratelimit", "render", "db", "core"],
  votes: ["users", "summaries", "http", "ui", "ratelimit", "db", "core"],
  users: ["summaries", "http", "ui", "db", "core"],
  auth: ["users", "mail", "ratelimit", "http", "ui", "db", "core"],
  settings: ["auth", "users", "summaries", "votes", "comments", "http", "ui", "db", "core"],
  // Above comments and votes: their services take its listeners as arguments (app.ts wires
  // them), so they never import it.
  notifications: ["comments", "votes", "users", "mail", "http", "ui", "db", "core"],
  // Reports, the moderators' queue, hiding and bans: above every kind of content it acts on.
  moderation: [
    "auth",
    "users",
    "comments",
    "summaries",
    "papers",
    "ratelimit",
    "http",
    "ui",
    "db",
    "core",
  ],
  feeds: ["search", "papers", "summaries", "users", "http", "ui", "db", "core"],
  export: ["papers", "db", "core"],
  // Reading lists: papers on named lists, with their feed (feeds' XML) and exports.
  lists: ["feeds", "papers", "users", "ratelimit", "http", "ui", "db", "core"],
  // The JSON API (issue 11): above every feature it serves; tokens are auth's.
  api: [
    "search",
    "auth",
    "users",
    "votes",
    "comments",
    "summaries",
    "papers",
    "ratelimit",
    "http",
    "ui",
    "db",
    "core",
  ],
  reading: ["lists", "papers", "summaries", "comments", "votes", "http", "ui", "db", "core"],
  site: ["http", "ui", "render", "db", "core"],
  // The original site's dump brings accounts, summaries, votes and comments too (issue 11).
  import: ["auth", "users", "votes", "comments", "summaries", "papers", "db", "core"],
  // Search: reads papers and summaries in raw SQL, over both databases' full-text indexes.
  search: ["papers", "ratelimit", "http", "ui", "render", "db", "core"],
  maintenance: [
    "notifications",
    "auth",
    "users",
    "summaries",
    "comments",
    "papers",
    "ratelimit",
    "render",
    "db",
    "core",
  ],
  demo: [
    "reading",
    "settings",
    "auth",
    "users",
    "votes",
    "comments",
    "summaries",
    "papers",
    "render",
    "db",
    "core",
  ],
};

module.exports = { LAYERS };
