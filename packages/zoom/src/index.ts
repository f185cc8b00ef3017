/** Public API of @calsync/zoom. */
export {};
