/**
 * The Python and TypeScript front ends, loaded on first use. The TypeScript compiler is 9 MB of JavaScript and
 * tree-sitter a WASM module: a scan whose files all fail the prefilter, or that meets only one language, should
 * not pay for loading the other.
 */
type PythonFrontEnd = typeof import('./python');
type TypeScriptFrontEnd = typeof import('./typescript');

let python: PythonFrontEnd | undefined;
let typescript: TypeScriptFrontEnd | undefined;

export function pythonFrontEnd(): PythonFrontEnd {
  return (python ??= require('./python') as PythonFrontEnd);
}

export function typeScriptFrontEnd(): TypeScriptFrontEnd {
  return (typescript ??= require('./typescript') as TypeScriptFrontEnd);
}
