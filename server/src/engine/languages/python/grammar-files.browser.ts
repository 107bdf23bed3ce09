/**
 * The web worker's tree-sitter runtime and Python grammar: their bytes are inside the bundle (esbuild's binary
 * loader), because a worker has no file system and the extension's URL is not one it can always fetch from.
 */
import runtimeWasm from 'web-tree-sitter/tree-sitter.wasm';
import pythonWasm from 'tree-sitter-python/tree-sitter-python.wasm';

/** The options of `Parser.init`: the runtime's bytes, so Emscripten fetches nothing. */
export function treeSitterRuntime(): { wasmBinary: Uint8Array } {
  return { wasmBinary: runtimeWasm };
}

/** What `Language.load` takes for the Python grammar: its bytes. */
export function pythonGrammar(): Uint8Array {
  return pythonWasm;
}
