/**
 * Turns the API's OpenAPI 3.1 document into TypeScript declarations of the wire (snake_case)
 * types: one type per component schema and a `Paths` interface with, per route and method, its
 * path parameters, query, body and the body of each success status. Only what the document
 * uses is supported; anything else is refused with {@link UnsupportedSchemaError}, never
 * silently typed `unknown`.
 */

/** A JSON Schema of the document, as far as the generator reads it. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  readOnly?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  description?: string;
}

interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** The parts of an OpenAPI 3.1 document the generator reads. */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, Schema> };
  paths?: Record<string, Record<string, Operation>>;
}

/** The document uses a construct the generator cannot type precisely. */
export class UnsupportedSchemaError extends Error {
  readonly code = 'unsupported_schema';
  constructor(where: string, schema: unknown) {
    super(`${where}: cannot type ${JSON.stringify(schema)}`);
    this.name = 'UnsupportedSchemaError';
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Keywords that describe a value without constraining its type. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
]);

const key = (name: string): string => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

const comment = (text: string | undefined, indent: string): string =>
  text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '';

function refName(ref: string, where: string): string {
  const match = /^#\/components\/schemas\/([A-Za-z_$][A-Za-z0-9_$]*)$/.exec(ref);
  if (!match) throw new UnsupportedSchemaError(where, { $ref: ref });
  return match[1]!;
}

function literal(value: unknown, where: string): string {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return JSON.stringify(value);
  }
  throw new UnsupportedSchemaError(where, { enum: [value] });
}

const union = (members: string[]): string => [...new Set(members)].join(' | ') || 'never';

/** The properties of an object schema: required ones plain, the others optional. */
function objectType(schema: Schema, where: string, indent: string): string {
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    // A read-only field of a request body: what `GET` shows, accepted and ignored on write.
    const note = property.readOnly ? 'Read-only: accepted and ignored.' : undefined;
    const text = [property.description, note].filter(Boolean).join(' ') || undefined;
    const modifier = property.readOnly ? 'readonly ' : '';
    const optional = required.has(name) ? '' : '?';
    return `${comment(text, inner)}${inner}${modifier}${key(name)}${optional}: ${typeOf(property, `${where}.${name}`, inner)};`;
  });
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    const value = extra === true ? 'unknown' : typeOf(extra, `${where}[*]`, inner);
    lines.push(`${inner}[key: string]: ${value};`);
  }
  // Neither properties nor `additionalProperties`: JSON Schema allows any object.
  if (!lines.length) return `{\n${inner}[key: string]: unknown;\n${indent}}`;
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** One JSON type name (`string`, `object`…) of a schema. */
function primitive(type: string, schema: Schema, where: string, indent: string): string {
  switch (type) {
    case 'null':
      return 'null';
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      // Without `items`, JSON Schema allows any item.
      return schema.items
        ? `${parenthesised(typeOf(schema.items, `${where}[]`, indent))}[]`
        : 'unknown[]';
    case 'object':
      return objectType(schema, where, indent);
    default:
      throw new UnsupportedSchemaError(where, schema);
  }
}

const parenthesised = (type: string): string =>
  /^[A-Za-z0-9_$."]+$/.test(type) || type.startsWith('{') ? type : `(${type})`;

/**
 * The TypeScript type of a schema.
 *
 * @example
 * typeOf({ type: ['string', 'null'] }, 'Appointment.title', ''); // 'string | null'
 */
export function typeOf(schema: Schema, where: string, indent = ''): string {
  if (schema.$ref) return refName(schema.$ref, where);
  if (schema.const !== undefined) return literal(schema.const, where);
  if (schema.enum) return union(schema.enum.map((value) => literal(value, where)));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return union(alternatives.map((item) => typeOf(item, where, indent)));
  if (schema.allOf) {
    return schema.allOf.map((item) => parenthesised(typeOf(item, where, indent))).join(' & ');
  }
  if (schema.type === undefined) {
    if (schema.properties) return objectType(schema, where, indent);
    // `{}` (perhaps annotated): the document promises nothing about the value.
    if (Object.keys(schema).every((name) => ANNOTATIONS.has(name))) return 'unknown';
    throw new UnsupportedSchemaError(where, schema);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return union(types.map((type) => primitive(type, schema, where, indent)));
}

function jsonSchema(
  content: Record<string, { schema?: Schema }> | undefined,
  where: string,
): Schema | undefined {
  if (!content) return undefined;
  const json = Object.entries(content).find(([type]) => /json/.test(type));
  if (!json) return undefined;
  if (!json[1].schema) throw new UnsupportedSchemaError(where, json[1]);
  return json[1].schema;
}

function parametersType(parameters: Parameter[], where: string, indent: string): string {
  const inner = `${indent}  `;
  const lines = parameters.map(
    (parameter) =>
      `${comment(parameter.description, inner)}${inner}${key(parameter.name)}${parameter.required ? '' : '?'}: ${typeOf(parameter.schema ?? {}, `${where}.${parameter.name}`, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function operationType(operation: Operation, where: string, indent: string): string {
  const inner = `${indent}  `;
  const members: string[] = [];
  for (const place of ['path', 'query'] as const) {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === place);
    if (parameters.length) {
      members.push(`${inner}${place}: ${parametersType(parameters, `${where} ${place}`, inner)};`);
    }
  }
  const body = jsonSchema(operation.requestBody?.content, `${where} body`);
  if (body) {
    const optional = operation.requestBody?.required ? '' : '?';
    members.push(`${inner}body${optional}: ${typeOf(body, `${where} body`, inner)};`);
  }
  const statuses = Object.entries(operation.responses ?? {}).filter(([status]) =>
    /^2\d\d$/.test(status),
  );
  const responses = statuses.map(([status, response]) => {
    const schema = jsonSchema(response.content, `${where} ${status}`);
    // A success without a JSON body (204, an event stream) answers nothing the SDK parses.
    const type = schema ? typeOf(schema, `${where} ${status}`, `${inner}  `) : 'undefined';
    return `${inner}  ${status}: ${type};`;
  });
  members.push(`${inner}responses: {\n${responses.join('\n')}\n${inner}};`);
  return members.join('\n');
}

/**
 * The TypeScript module of the document's wire types (unformatted; run prettier over it).
 *
 * @example
 * const source = openApiTypeScript(document, 'Generated from openapi.json.');
 * await writeFile('src/generated/api.ts', await format(source, { parser: 'typescript' }));
 */
export function openApiTypeScript(document: OpenApiDocument, header: string): string {
  const parts = [`/**\n * ${header.split('\n').join('\n * ')}\n */\n`];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (!IDENTIFIER.test(name)) throw new UnsupportedSchemaError(name, schema);
    const type = typeOf(schema, name);
    const single = schema.type === 'object' && !schema.anyOf && !schema.oneOf && !schema.allOf;
    const declaration = single
      ? `export interface ${name} ${type}`
      : `export type ${name} = ${type};`;
    parts.push(`${comment(schema.description, '')}${declaration}\n`);
  }
  const paths = Object.entries(document.paths ?? {}).map(([path, item]) => {
    const operations = METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method]!;
      const where = `${method.toUpperCase()} ${path}`;
      return `${comment(operation.summary, '    ')}    ${method}: {\n${operationType(operation, where, '    ')}\n    };`;
    });
    return `  ${key(path)}: {\n${operations.join('\n')}\n  };`;
  });
  parts.push(
    `/** Every route of the API: path, then method, then its inputs and success bodies. */\nexport interface Paths {\n${paths.join('\n')}\n}\n`,
  );
  return parts.join('\n');
}
