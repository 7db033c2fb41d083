/**
 * Plain HTTP routes for operators: GET /metrics (Prometheus text, no token: restrict it at the
 * network or proxy) and GET /admin/statistics.csv?from=&to=&machineId= (bearer token, ADMIN or
 * OFFICE), a download Excel opens directly.
 */
import { Router, type Response } from 'express';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/authenticator';
import { ErrorCode, WorkflowError } from '../kernel/errors';
import { httpErrorBody, reportedToClient } from '../graphql/errors';
import { metricsText } from '../metrics';
import type { AdminService } from '../admin/admin-service';

function sendError(res: Response, logger: Logger, error: unknown): void {
  const client = reportedToClient(logger, error, res.locals.requestId as string | undefined);
  res.status(client.httpStatus).json(httpErrorBody(client));
}

const one = (value: unknown) => (typeof value === 'string' ? value : '');

export function adminHttpRouter(deps: { admin: AdminService; authenticator: Authenticator; logger: Logger }): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metricsText();
    res.type(contentType).send(body);
  });
  router.get('/admin/statistics.csv', async (req, res) => {
    try {
      const actor = await deps.authenticator.authenticate(req.get('authorization'));
      if (!actor) throw new WorkflowError(ErrorCode.UNAUTHENTICATED, 'send "Authorization: Bearer <token>"');
      const query = { from: one(req.query.from), to: one(req.query.to), machineId: one(req.query.machineId) || null };
      const csv = await deps.admin.statisticsCsv(actor, query);
      res
        .type('text/csv; charset=utf-8')
        .set('content-disposition', `attachment; filename="unit-statistics-${query.from}-${query.to}.csv"`)
        .send(csv);
    } catch (error) {
      sendError(res, deps.logger, error);
    }
  });
  return router;
}
