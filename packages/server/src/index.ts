/** Public API of @calsync/server. */
export {};
