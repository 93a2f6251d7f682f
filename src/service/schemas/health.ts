import { Type } from '@sinclair/typebox';

export const Alive = Type.Object({ status: Type.Literal('ok') });

export const Ready = Type.Object({
  status: Type.Literal('ready'),
  dictionaryVersion: Type.String(),
  workers: Type.Integer(),
});
