/**
 * HTTP status codes of GraphQL answers, as the GraphQL-over-HTTP specification has them
 * ("Status Codes"). A well-formed request whose document fails to parse or validate (the query
 * limits included), whose operation cannot be determined or whose variables fail coercion raises
 * a GraphQL request error:
 * - answered as `application/json`, it is 200: a legacy client cannot trust a 4xx from any proxy
 *   on the way, so only a 200 says the body is the server's GraphQL response;
 * - answered as `application/graphql-response+json`, it stays 400.
 * A request that is not a well-formed GraphQL-over-HTTP request (malformed JSON, no `query`, a
 * batch, a wrong method, a body too large) and refusals outside GraphQL (authentication 401, too
 * many failures 429, the identity provider 503) keep their status whatever the media type.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import type { GraphQLContext } from './context';
import { QUERY_TOO_COMPLEX } from './limits';

/** The media types Apollo Server answers a single result in, in its order of preference. */
const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';

/** Codes of GraphQL request errors: raised before execution, answered without `data`. */
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  QUERY_TOO_COMPLEX,
  'OPERATION_RESOLUTION_FAILURE',
  // variable coercion, and text PostgreSQL could not store (src/graphql/limits.ts)
  'BAD_USER_INPUT',
]);

/**
 * The media type the answer will have, chosen from the Accept header as Apollo Server chooses it
 * (the same negotiation, the same order of preference).
 */
export function responseTypeOf(req: Pick<Request, 'accepts' | 'headers'>): string | false {
  const accept = req.headers.accept;
  if (accept === undefined) return req.accepts(ANSWER_TYPES);
  let type = chosenFor.get(accept);
  if (type === undefined) {
    // clients send a handful of Accept values all day: negotiate each once
    type = req.accepts(ANSWER_TYPES);
    if (chosenFor.size >= CHOSEN_MAX) chosenFor.clear();
    chosenFor.set(accept, type);
  }
  return type;
}

const ANSWER_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON];
/** Accept header → the media type chosen for it; bounded, as headers come from anyone. */
const chosenFor = new Map<string, string | false>();
const CHOSEN_MAX = 256;

export const requestErrorStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || response.http.status !== 400) return;
        if (contextValue.responseType !== APPLICATION_JSON) return;
        const { data, errors } = response.body.singleResult;
        if (data !== undefined || !errors?.length) return;
        if (!errors.every((error) => REQUEST_ERRORS.has(error.extensions?.code as string))) return;
        response.http.status = 200;
        // the status was chosen for this media type: make sure it is the one sent
        response.http.headers.set('content-type', APPLICATION_JSON);
      },
    };
  },
};
