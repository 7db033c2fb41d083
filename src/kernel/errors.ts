/**
 * The error codes clients see in `extensions.code`. Expected refusals are WorkflowErrors; the
 * GraphQL layer turns them into client errors in one place (src/graphql/errors.ts).
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** a valid token for someone the directory (组织机构) does not know as an active person of that unit */
  UNKNOWN_ACTOR = 'UNKNOWN_ACTOR',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  EVENT_NOT_ACCEPTED = 'EVENT_NOT_ACCEPTED',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  /** the idempotency key was already used for a different request */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** a subscriber fell too far behind; it resubscribes with `after` = its last cursor */
  SLOW_CONSUMER = 'SLOW_CONSUMER',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface InvalidField {
  path: string;
  message: string;
}

export class WorkflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export const badInput = (message: string, invalidFields: InvalidField[]) =>
  new WorkflowError(ErrorCode.BAD_USER_INPUT, message, { invalidFields });
