/** Public API of @calsync/core. */
export {};
