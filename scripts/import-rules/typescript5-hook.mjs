// ESM half of the redirect in depcruise.mjs: `import("typescript")` gets TypeScript 5.
export async function resolve(specifier, context, next) {
  return next(specifier.replace(/^typescript(?=$|\/)/, "typescript5"), context);
}
