import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi-document.js';
import { openApiTypeScript, typeOf, UnsupportedSchemaError } from './openapi-typescript.js';

/** The SDK's copy of the document and the types generated from it, both committed. */
const SDK_DOCUMENT = fileURLToPath(new URL('../../../sdk/openapi.json', import.meta.url));
const SDK_TYPES = fileURLToPath(new URL('../../../sdk/src/generated/api.ts', import.meta.url));
const REGENERATE =
  'cd packages/server && UPDATE_SDK_TYPES=1 npx vitest run src/http/openapi-sdk.test.ts';
const HEADER = [
  'The wire (snake_case) types of the API, generated from packages/sdk/openapi.json — do not edit.',
  `Regenerate: ${REGENERATE}`,
].join('\n');

/** Both files are written as prettier would, so `prettier --check .` leaves them alone. */
const formatted = async (text: string, file: string): Promise<string> =>
  format(text, { ...(await resolveConfig(file)), filepath: file });

const documentText = async (): Promise<string> =>
  formatted(JSON.stringify(await openApiDocument()), SDK_DOCUMENT);

async function typesText(document: string): Promise<string> {
  return formatted(openApiTypeScript(JSON.parse(document), HEADER), SDK_TYPES);
}

describe('the SDK types', () => {
  it('come from the document the server serves (committed in packages/sdk)', async () => {
    const served = await documentText();
    if (process.env.UPDATE_SDK_TYPES) {
      await writeFile(SDK_DOCUMENT, served);
      await writeFile(SDK_TYPES, await typesText(served));
    }
    const committed = await readFile(SDK_DOCUMENT, 'utf8');
    expect(committed, `packages/sdk/openapi.json is stale; run: ${REGENERATE}`).toBe(served);
    const types = await readFile(SDK_TYPES, 'utf8');
    expect(types, `packages/sdk/src/generated/api.ts is stale; run: ${REGENERATE}`).toBe(
      await typesText(committed),
    );
  });

  it('are what the document says, constructs included', () => {
    expect(typeOf({ type: ['string', 'null'] }, 'x')).toBe('string | null');
    expect(typeOf({ type: ['string', 'null'], enum: ['a', 'b', null] }, 'x')).toBe(
      '"a" | "b" | null',
    );
    expect(typeOf({ type: 'array', items: { $ref: '#/components/schemas/Calendar' } }, 'x')).toBe(
      'Calendar[]',
    );
    expect(
      typeOf({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }, 'x'),
    ).toBe('(string | number)[]');
    expect(typeOf({}, 'x')).toBe('unknown');
    expect(typeOf({ readOnly: true } as never, 'x')).toBe('unknown');
    expect(typeOf({ type: 'array' }, 'x')).toBe('unknown[]');
    expect(typeOf({ type: ['string', 'object'] }, 'x')).toBe(
      'string | {\n  [key: string]: unknown;\n}',
    );
    expect(
      typeOf(
        { type: 'object', properties: { a: { type: 'boolean' }, b: {} }, required: ['a'] },
        'x',
      ),
    ).toBe('{\n  a: boolean;\n  b?: unknown;\n}');
    expect(typeOf({ type: 'object', additionalProperties: {} }, 'x')).toBe(
      '{\n  [key: string]: unknown;\n}',
    );
  });

  it('refuse what they cannot type instead of widening it', () => {
    expect(() => typeOf({ type: 'tuple' }, 'Thing.list')).toThrow(UnsupportedSchemaError);
    expect(() => typeOf({ $ref: '#/definitions/Thing' }, 'x')).toThrow(/cannot type/);
    expect(() => typeOf({ not: { type: 'string' } } as never, 'x')).toThrow(UnsupportedSchemaError);
  });
});
