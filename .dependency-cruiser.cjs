/**
 * The import rules of ARCHITECTURE.md, checked by `npm run lint` (dependency-cruiser; see
 * scripts/import-rules/). Which folder may import which is in layers.cjs.
 */
const { LAYERS } = require("./scripts/import-rules/layers.cjs");
const FOLDERS = Object.keys(LAYERS);
const ROOT_AND_CLI = "^src/(cli/|[^/]+$)";

const layerRules = FOLDERS.map((from) => {
  const allowed = [from, ...LAYERS[from]];
  return {
    name: `layer-${from}`,
    comment: `src/${from}/ may import only: ${allowed.join(", ")} (LAYERS in .dependency-cruiser.cjs).`,
    severity: "error",
    from: { path: `^src/${from}/` },
    to: { path: "^src/", pathNot: `^src/(${allowed.join("|")})/` },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-entry-points-from-below",
      comment:
        "Only main.ts and cli/ may import app.ts, cli/ or main.ts: they put the program together.",
      severity: "error",
      from: { path: "^src/", pathNot: ROOT_AND_CLI },
      to: { path: ROOT_AND_CLI },
    },
    {
      name: "no-cycles",
      comment: "No module imports itself through others.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "repos-stay-in-their-feature",
      comment:
        "Another folder reaches a table through the owning feature's service, never its repo.",
      severity: "error",
      from: { path: "^src/([^/]+)/" },
      to: { path: "^src/([^/]+)/.+[.]repo[.]ts$", pathNot: "^src/$1/" },
    },
    {
      name: "pages-never-import-repos",
      comment: "pages → service → repo → db, one way.",
      severity: "error",
      from: { path: "[.]pages[.]tsx?$" },
      to: { path: "[.]repo[.]ts$" },
    },
    {
      name: "views-never-import-http-or-repos",
      comment:
        "Templates render the domain or view-model objects they are given: no request, no query.",
      severity: "error",
      from: { path: "(^src/ui/|[.]view[.]tsx?$)" },
      to: { path: "(^src/http/|[.]repo[.]ts$|^node_modules/kysely/)" },
    },
    {
      name: "services-never-import-hono-or-pages",
      comment: "Services are plain functions over domain values; HTTP stays in pages.",
      severity: "error",
      from: { path: "[.]service[.]ts$" },
      to: { path: "(^node_modules/hono/|[.]pages[.]tsx?$|^src/http/)" },
    },
    {
      name: "render-is-pure",
      comment: "render/ runs in the browser preview too: no I/O, no Node built-ins.",
      severity: "error",
      from: { path: "^src/render/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "no-orphans",
      comment: "A file nothing imports is dead code (tests, workers and entry points aside).",
      severity: "error",
      from: {
        orphan: true,
        path: "^src/",
        pathNot: [
          "[.]test[.]tsx?$",
          "[.]worker[.]ts$",
          "^src/main[.]ts$",
          "[.]d[.]ts$",
          "/test-[^/]+[.]ts$",
        ],
      },
      to: {},
    },
    {
      name: "tests-stay-out-of-src-imports",
      comment: "Product code never imports a test or test helper.",
      severity: "error",
      from: { path: "^src/", pathNot: "[.]test[.]tsx?$" },
      to: { path: "(^test/|[.]test[.]tsx?$|/test-[^/]+[.]ts$)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^dist/|[.]test[.]tsx?$)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
