import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The wire types are the SDK's own (src/generated, from openapi.json): the declarations
  // import nothing from outside the package.
  dts: true,
  clean: true,
  sourcemap: true,
  // Browsers and Node 20 alike: no Node built-ins, ES2022 syntax.
  platform: 'neutral',
  target: 'es2022',
});
