/** The engine instance trapped (a wasm `unreachable`); it and every model in it are unusable. */
export class EngineTrapError extends Error {
  override readonly name = 'EngineTrapError';
  constructor(readonly detail: string) {
    super('The calculation engine failed on this workbook or input.');
  }
}

/** A write the engine refused (e.g. into part of an array formula). */
export class EngineInputError extends Error {
  override readonly name = 'EngineInputError';
}
