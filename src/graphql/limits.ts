/**
 * Limits on what one GraphQL request may ask for (OWASP GraphQL cheat sheet): document size in
 * tokens, depth, aliases, cost, directives; no batching; introspection and "Did you mean …"
 * suggestions configurable; the JSON `input`/`payload` of startWorkflow/sendEvent capped in size
 * and nesting. The numbers come from src/config.ts (docs/security.md, "Request limits").
 *
 * Depth, aliases, cost and directives are graphql-armor's validation rules; the token limit is
 * graphql-js's own `maxTokens` parse option. Every refusal is a GraphQL request error with
 * `extensions.code = QUERY_TOO_COMPLEX`, `extensions.limit` (which limit) and `extensions.max`:
 * HTTP 400 as application/graphql-response+json, 200 as application/json (src/graphql/http-status.ts).
 */
import type { Config } from '../config';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { badInput } from '../kernel/errors';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** How deep a start input or event payload may nest (objects and arrays). */
export const MAX_PAYLOAD_DEPTH = 32;

/** The limits as configured (src/config.ts): one shape, read once at start. */
export type GraphQLLimits = Config['graphql'];

export type LimitName = 'depth' | 'aliases' | 'cost' | 'directives' | 'tokens';

/** graphql-armor reports by throwing unless told otherwise; report instead, as a validation error. */
function reporter(limit: LimitName, max: number) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit, max } }),
        );
      },
    ],
  };
}

export function limitRules(limits: GraphQLLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, ...reporter('depth', limits.maxDepth) }),
    maxAliasesRule({ n: limits.maxAliases, ...reporter('aliases', limits.maxAliases) }),
    costLimitRule({ maxCost: limits.maxCost, ...reporter('cost', limits.maxCost) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reporter('directives', limits.maxDirectives) }),
  ] as ValidationRule[];
}

/**
 * The same validation for transports other than Apollo's HTTP (graphql-ws takes a `validate`
 * option): the spec's rules, the limits, and no introspection when it is off.
 */
export function validateWithLimits(limits: GraphQLLimits) {
  const rules = [...specifiedRules, ...limitRules(limits), ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules);
}

const limitsByContext = new WeakMap<object, GraphQLLimits>();

/**
 * Gives each refusal its code (Apollo labels validation errors GRAPHQL_VALIDATION_FAILED and the
 * token limit GRAPHQL_PARSE_FAILED), and lends the limits to the resolvers (assertPayloadFits).
 */
/** A refusal by one of the limits carries which limit and its maximum. */
export const isLimitRefusal = (extensions: Record<string, unknown> | undefined) =>
  typeof extensions?.limit === 'string' && 'max' in extensions;

function limitsPlugin(limits: GraphQLLimits): ApolloServerPlugin<object> {
  return {
    async requestDidStart({ contextValue }) {
      limitsByContext.set(contextValue, limits);
      return {
        async didResolveOperation({ request, document }) {
          const where = unstorableStringIn(request.variables ?? {}, 'variables') ?? unstorableLiteralIn(document);
          if (where) {
            throw new GraphQLError('text may not contain U+0000 or unpaired UTF-16 surrogates', {
              extensions: {
                code: 'BAD_USER_INPUT',
                invalidFields: [{ path: where, message: 'contains U+0000 or an unpaired surrogate' }],
                http: { status: 400 },
              },
            });
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const extensions = error.extensions as Record<string, unknown>;
            if (extensions.code === 'GRAPHQL_PARSE_FAILED' && /contains more th(?:an|at) \d+ tokens/.test(error.message)) {
              extensions.limit = 'tokens';
              extensions.max = limits.maxTokens;
            }
            if (isLimitRefusal(extensions)) extensions.code = QUERY_TOO_COMPLEX;
          }
        },
      };
    },
  };
}

/** NUL, or half of a surrogate pair: PostgreSQL refuses both in text and jsonb. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (value or key) PostgreSQL could not store; iterative. */
export function unstorableStringIn(value: unknown, root: string): string | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}.${i}`]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (UNSTORABLE.test(key)) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/** Apollo hands the same parsed document to every request with the same text: look once. */
const literalsChecked = new WeakMap<DocumentNode, string | null>();

function unstorableLiteralIn(document: DocumentNode | undefined): string | null {
  if (!document) return null;
  if (literalsChecked.has(document)) return literalsChecked.get(document)!;
  const found = unstorableLiteralWalk(document);
  literalsChecked.set(document, found);
  return found;
}

function unstorableLiteralWalk(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (UNSTORABLE.test(node.value)) found = 'query';
    },
  });
  return found;
}

/** The ApolloServer options that enforce the limits (server.ts spreads them in), and the plugin. */
export function apolloLimitOptions(limits: GraphQLLimits) {
  const options = {
    validationRules: limitRules(limits),
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: limits.introspection,
    // no "Did you mean …?" in validation errors
    hideSchemaDetailsFromClientErrors: !limits.suggestions,
    // one operation per request: a JSON array body is refused (400)
    allowBatchedHttpRequests: false,
  } satisfies Partial<ApolloServerOptions<object>>;
  return { options, plugin: limitsPlugin(limits) };
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 65_536;

/**
 * Refuses a start input or event payload that nests deeper than MAX_PAYLOAD_DEPTH or whose JSON
 * is larger than the configured maximum: BAD_USER_INPUT naming the field. Iterative, so a hostile
 * nesting cannot overflow the stack (JSON.stringify would).
 */
export function assertPayloadFits(context: object, field: string, value: unknown): void {
  const maxBytes = limitsByContext.get(context)?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') + 2 > maxBytes) throw tooLarge(field, maxBytes);
    return;
  }
  const stack: Array<[unknown, number]> = [[value, 1]];
  let bytes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') {
      bytes += typeof current === 'string' ? Buffer.byteLength(current, 'utf8') + 2 : String(current).length;
    } else {
      if (depth > MAX_PAYLOAD_DEPTH) {
        throw badInput(`${field} is nested too deeply`, [{ path: field, message: `must nest at most ${MAX_PAYLOAD_DEPTH} levels` }]);
      }
      const entries = Array.isArray(current) ? current.map((v) => ['', v] as const) : Object.entries(current);
      bytes += 2 + entries.length;
      for (const [key, child] of entries) {
        if (key) bytes += Buffer.byteLength(key, 'utf8') + 3;
        stack.push([child, depth + 1]);
      }
    }
    if (bytes > maxBytes) throw tooLarge(field, maxBytes);
  }
  // the estimate above is a lower bound (escapes are not counted): measure exactly once it fits
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > maxBytes) throw tooLarge(field, maxBytes);
}

const tooLarge = (field: string, maxBytes: number) =>
  badInput(`${field} is too large`, [{ path: field, message: `must be at most ${maxBytes} bytes as JSON` }]);
