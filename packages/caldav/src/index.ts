/** Public API of @calsync/caldav. */
export {};
