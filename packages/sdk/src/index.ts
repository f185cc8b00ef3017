/** Public API of @calsync/sdk. */
export {};
