/** Custom-elements manifest: built from the classes' JSDoc into dist/, shipped with the package. */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts', 'src/testing/**', 'src/testing.ts'],
  outdir: 'dist',
  litelement: true,
  dependencies: false,
  packagejson: true,
  plugins: [
    {
      // `dispatchEvent(new SomeEvent(…))` is found without a name; the JSDoc `@event` tags name them.
      name: 'calsync-drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
