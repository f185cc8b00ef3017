/** Public API of @calsync/demo. */
export {};
