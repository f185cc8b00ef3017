/** Public API of @calsync/microsoft. */
export {};
