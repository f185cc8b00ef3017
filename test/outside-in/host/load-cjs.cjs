// Loads the SDK with `require` and mints a session with it against the server in CALSYNC_URL.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file proves `require` works
const sdk = require('@calsync/sdk');

(async () => {
  const calsync = sdk.createCalsyncClient({
    baseUrl: process.env.CALSYNC_URL,
    token: process.env.CALSYNC_SECRET_KEY,
  });
  const session = await calsync.sessions.create({ userId: 'cjs-user', ttlSeconds: 60 });
  console.log(
    JSON.stringify({
      resolved: require.resolve('@calsync/sdk'),
      exports: Object.keys(sdk).sort(),
      tokenPrefix: session.token.slice(0, 4),
    }),
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
