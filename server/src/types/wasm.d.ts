/** WASM files imported by the web worker's bundle: esbuild's binary loader turns them into their bytes. */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
