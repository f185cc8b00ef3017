/** Public API of @calsync/google. */
export {};
