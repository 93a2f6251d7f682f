import { Type } from '@sinclair/typebox';

export const LimitsResponse = Type.Object({
  bodyLimit: Type.Integer({ description: 'Largest request body in bytes (`BODY_LIMIT`); bigger bodies get 413 `JD_BODY_TOO_LARGE`.' }),
  batchMaxDocuments: Type.Integer({ description: 'Most documents in one `POST /v1/check/batch`.' }),
});

export const ProfilesResponse = Type.Object({
  profiles: Type.Array(
    Type.Object({
      name: Type.String(),
      description: Type.String(),
      checks: Type.Array(Type.String()),
      review: Type.String({ description: 'Findings at or above this severity make the verdict `review`.' }),
      block: Type.String({ description: 'Findings at or above this severity make the verdict `block`.' }),
    }),
  ),
});
