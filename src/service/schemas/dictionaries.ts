import { Type } from '@sinclair/typebox';

const Counts = Type.Record(
  Type.String(),
  Type.Object({ total: Type.Integer(), categories: Type.Record(Type.String(), Type.Integer()) }),
  { description: 'Term counts per kind (sensitive, typo, ...) and category.' },
);

export const DictionaryInfo = Type.Object({
  version: Type.String({ description: 'Content hash of the dictionary sources.' }),
  source: Type.String(),
  loadedAt: Type.String(),
  loadMs: Type.Number(),
  counts: Counts,
});

export const DictionariesResponse = Type.Object({
  ...DictionaryInfo.properties,
  reloading: Type.Boolean(),
});

export const ReloadResponse = Type.Object({
  ...DictionaryInfo.properties,
  previousVersion: Type.String(),
  changed: Type.Boolean(),
});
