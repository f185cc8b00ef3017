// Loads the SDK with `import` and mints a session with it against the server in CALSYNC_URL.
import * as sdk from '@calsync/sdk';

const calsync = sdk.createCalsyncClient({
  baseUrl: process.env.CALSYNC_URL,
  token: process.env.CALSYNC_SECRET_KEY,
});
const session = await calsync.sessions.create({ userId: 'esm-user', ttlSeconds: 60 });
console.log(
  JSON.stringify({
    resolved: import.meta.resolve('@calsync/sdk'),
    exports: Object.keys(sdk).sort(),
    tokenPrefix: session.token.slice(0, 4),
  }),
);
