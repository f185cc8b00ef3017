/** Public API of @calsync/server-app. */
export {};
