import { MeInputSchema } from '../../../types/identity';
import { defineAction, type ActionTable } from '../action';
import { me } from './me';

/** The identity cloud function's actions. */
export const identityActions: ActionTable = {
  me: defineAction({ input: MeInputSchema, labels: { estateId: '小区' }, run: me }),
};
