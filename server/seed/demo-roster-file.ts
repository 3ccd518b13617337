import { ROSTER_COLUMNS } from '../../types/identity';
import { centiText } from '../core/identity/roster-import';
import { writeRosterWorkbook } from '../app/identity/roster-file';
import { buildDemoRoster } from './demo-estate';

/**
 * The demo estate's roster as the rows of a roster file (header first), in the template's columns: one row
 * per owner, co-owners on consecutive rows, developer-held units on one row with no owner. The demo seed
 * imports exactly these rows, so uploading the .xlsx built from them shows "no changes".
 */
export function demoRosterRows(): string[][] {
  const roster = buildDemoRoster();
  const people = new Map(roster.people.map((p) => [p.key, p]));
  const rows: string[][] = [ROSTER_COLUMNS.map((c) => c.header)];
  for (const u of roster.units) {
    const area = centiText(u.areaCenti);
    if (u.developerHeld) {
      rows.push([u.building, u.entrance, u.room, area, '', '', '', '', '是']);
      continue;
    }
    for (const key of u.owners) {
      const p = people.get(key)!;
      rows.push([u.building, u.entrance, u.room, area, p.name, p.idNumber, p.phone, '', '否']);
    }
  }
  return rows;
}

/** The demo roster as an .xlsx (what `npm run demo:roster` writes and the browser journey uploads). */
export function buildDemoRosterXlsx(): Promise<Uint8Array> {
  return writeRosterWorkbook(demoRosterRows().slice(1));
}
