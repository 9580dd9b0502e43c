/**
 * Runs dependency-cruiser with TypeScript 5 as its parser. The project type-checks with
 * TypeScript 7, which has no JavaScript API; dependency-cruiser needs one to read type-only
 * imports, which count as imports for our rules. So, in this process only, "typescript"
 * means the `typescript5` package (an npm alias of typescript@5): require() through
 * Module._resolveFilename, import() through a resolve hook.
 *
 * Usage: node scripts/import-rules/depcruise.mjs <dependency-cruiser arguments>
 */
import Module, { register } from "node:module";

const redirect = (name) => name.replace(/^typescript(?=$|\/)/, "typescript5");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, redirect(request), ...rest);
};
register("./typescript5-hook.mjs", import.meta.url);
await import(
  new URL("../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs", import.meta.url).href
);
