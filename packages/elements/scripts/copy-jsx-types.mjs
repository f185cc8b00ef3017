/**
 * Ships the hand-written JSX augmentations (`src/jsx/*.d.ts`) as `dist/jsx/*.d.ts`: tsup emits
 * declarations only for its entries, and these files have no JavaScript to build.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const from = new URL('../src/jsx/', import.meta.url);
const to = new URL('../dist/jsx/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from).filter((file) => file.endsWith('.d.ts'))) {
  copyFileSync(new URL(name, from), new URL(name, to));
}
