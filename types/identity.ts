import * as z from 'zod/mini';
import { IdSchema, type Role } from './common';

export const MeInputSchema = z.strictObject({
  /** which estate to show; defaults to the caller's first estate */
  estateId: z.optional(IdSchema),
});
export type MeInput = z.infer<typeof MeInputSchema>;

export interface EstateSummary {
  estateId: string;
  name: string;
  district: string;
  address: string;
  communityName: string;
  partyBranchName: string;
  buildingCount: number;
  /** roster totals per SPC interpretation Art. 8/9, from the current roster */
  totals: { unitCount: number; areaCenti: number; headcount: number };
}

export interface MyUnit {
  unitId: string;
  label: string; // e.g. "1号楼1单元101"
  areaCenti: number;
  /** true when this account casts the unit's ballot (sole owner or designated representative) */
  isRepresentative: boolean;
}

export interface MeOutput {
  /** every estate where the caller holds a role, for the estate switcher */
  estates: { estateId: string; name: string }[];
  current: {
    estate: EstateSummary;
    displayName: string; // masked, e.g. 王*明
    roles: Role[];
    units: MyUnit[];
  } | null;
}
