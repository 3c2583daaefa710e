import type { z } from 'zod';

/** One renderer -> main call: a request schema and a result schema. */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  result: Res;
  /** Long operations take an operationId in their request and may be cancelled with 'operation.cancel'. */
  cancellable?: boolean;
}

/** One main -> renderer event. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
}

export const call = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  result: Res,
  options: { cancellable?: boolean } = {},
): CallSpec<Req, Res> => ({ request, result, ...options });

export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });
