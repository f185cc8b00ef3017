/** Public API of @calsync/elements. */
export {};
