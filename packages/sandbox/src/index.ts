/** Public API of @calsync/sandbox. */
export {};
