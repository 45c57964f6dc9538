// Node provides the WebAssembly global, but neither the ES libs nor @types/node declare it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class RuntimeError extends Error {}
}
