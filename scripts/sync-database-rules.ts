/**
 * Regenerates cloudbase/database-rules.json from server/app/collections.ts: every collection gets the same
 * rule (no direct client reads or writes). Run after adding a collection: npm run rules:sync
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../server/app/collections';

const file = join(__dirname, '..', 'cloudbase', 'database-rules.json');
const current = JSON.parse(readFileSync(file, 'utf8')) as { $comment: string; rules: { read: boolean; write: boolean } };
const collections = Object.fromEntries(COLLECTIONS.map((c) => [c.name, { read: false, write: false }]));
writeFileSync(file, `${JSON.stringify({ $comment: current.$comment, rules: current.rules, collections }, null, 2)}\n`);
console.log(`database-rules.json: ${COLLECTIONS.length} collections, no direct client access`);
