import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';
import { ERROR_CODES } from '../errors.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(ERROR_CODES.map((code) => Type.Literal(code)), { description: 'Stable code from the catalogue (src/service/ERRORS.md)' }),
      message: Type.String(),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error response has this shape.' },
);

/** A route's responses plus the error shape for every 4xx and 5xx status. */
export function withErrors<T extends Record<number | string, unknown>>(responses: T): T & { '4xx': TSchema; '5xx': TSchema } {
  return { ...responses, '4xx': Type.Ref('ErrorResponse'), '5xx': Type.Ref('ErrorResponse') };
}
