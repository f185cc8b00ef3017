import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The wire types come from the server's route types; they are bundled into the SDK's own
  // declarations so users need no server package.
  dts: {
    resolve: ['@calsync/server'],
    // tsup's resolver reads only a package's top-level `types`; the server declares its types in
    // `exports`, so point the bundler at them directly.
    compilerOptions: { paths: { '@calsync/server': ['../server/dist/index.d.ts'] } },
  },
  clean: true,
  sourcemap: true,
  // Browsers and Node 20 alike: no Node built-ins, ES2022 syntax.
  platform: 'neutral',
  target: 'es2022',
});
