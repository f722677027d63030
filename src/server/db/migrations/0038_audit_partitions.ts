import type { Migration } from 'kysely';
import type { DialectName } from '../connect.ts';

export const m0038 = (_dialect: DialectName): Migration => ({
  async up() {},
});
