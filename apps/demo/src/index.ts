import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { mintDemoSession, demoPageUrl } from './session.js';
export type { DemoSession, MintDemoSessionOptions } from './session.js';

/**
 * Absolute path of the demo page's built files (`dist/public`, made by `npm run build`), which the
 * server serves at `/demo/`.
 *
 * @example
 * app.use('/demo/*', serveStatic({ root: demoAssetsDir() }));
 */
export function demoAssetsDir(): string {
  // dist/index.js and src/index.ts both sit one level below the package root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'public');
}
