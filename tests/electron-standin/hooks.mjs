// Node module loader hooks (node:module register) for the Electron stand-in: the built app's
// `import ... from 'electron'` resolves to the stand-in; every other import resolves as usual.
let electronUrl = '';

export function initialize(data) {
  electronUrl = data.electronUrl;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: electronUrl, shortCircuit: true };
  return next(specifier, context);
}
