import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COLLECTIONS } from '../server/app/collections';

/**
 * Create the CloudBase collections, their indexes and their security rules, all from
 * server/app/collections.ts and cloudbase/database-rules.json. Idempotent: existing collections and
 * indexes are left alone, rules are (re)written.
 *
 *   npx tsx scripts/cloudbase-setup.ts            print the plan (no network, no credentials)
 *   npx tsx scripts/cloudbase-setup.ts --apply    apply it to ENV_ID
 *
 * --apply talks to the CloudBase management API through @cloudbase/manager-node (the library inside the
 * `tcb` CLI). It is not a dependency of this repository; install it just for this step:
 *   npm install --no-save @cloudbase/manager-node@4.10.6
 * and provide ENV_ID plus API keys of a (sub-)account allowed to manage the environment:
 *   TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (optionally TENCENTCLOUD_SESSIONTOKEN).
 */

const ROOT = resolve(__dirname, '..');

export interface IndexSpec {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] };
}

export interface CollectionPlan {
  name: string;
  purpose: string;
  indexes: IndexSpec[];
}

/** One ascending, non-unique index per field list (uniqueness comes from deterministic _id values instead). */
export function setupPlan(): CollectionPlan[] {
  return COLLECTIONS.map((c) => ({
    name: c.name,
    purpose: c.purpose,
    indexes: c.indexes.map((fields) => ({
      IndexName: `idx_${fields.join('_')}`,
      MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: fields.map((Name) => ({ Name, Direction: '1' as const })) },
    })),
  }));
}

export interface RulesFile {
  rules: Record<string, unknown>;
  collections: Record<string, Record<string, unknown>>;
}

export function databaseRules(): RulesFile {
  return JSON.parse(readFileSync(join(ROOT, 'cloudbase', 'database-rules.json'), 'utf8')) as RulesFile;
}

/** The part of @cloudbase/manager-node used here. */
interface Manager {
  database: {
    createCollectionIfNotExists(name: string): Promise<{ IsCreated: boolean }>;
    checkIndexExists(name: string, indexName: string): Promise<{ Exists: boolean }>;
    updateCollection(name: string, options: { CreateIndexes: IndexSpec[] }): Promise<unknown>;
  };
  commonService(): { call(options: { Action: string; Param: Record<string, unknown> }): Promise<unknown> };
}

async function apply(envId: string): Promise<void> {
  const { TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey, TENCENTCLOUD_SESSIONTOKEN: token } = process.env;
  if (!secretId || !secretKey) throw new Error('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (API keys allowed to manage the environment)');
  const specifier = '@cloudbase/manager-node';
  let mod: { default?: unknown } & Record<string, unknown>;
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch {
    throw new Error(`${specifier} is not installed. Run: npm install --no-save ${specifier}@4.10.6`);
  }
  const CloudBase = (mod.default ?? mod) as new (config: Record<string, unknown>) => Manager;
  const manager = new CloudBase({ secretId, secretKey, token, envId });
  const rules = databaseRules();

  for (const c of setupPlan()) {
    const created = await manager.database.createCollectionIfNotExists(c.name);
    console.log(`${c.name}: ${created.IsCreated ? 'created' : 'exists'}`);
    const missing: IndexSpec[] = [];
    for (const index of c.indexes) {
      if (!(await manager.database.checkIndexExists(c.name, index.IndexName)).Exists) missing.push(index);
    }
    if (missing.length > 0) {
      await manager.database.updateCollection(c.name, { CreateIndexes: missing });
      console.log(`  indexes created: ${missing.map((i) => i.IndexName).join(', ')}`);
    }
    const rule = rules.collections[c.name] ?? rules.rules;
    await manager.commonService().call({
      Action: 'ModifySafeRule',
      Param: { EnvId: envId, CollectionName: c.name, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) },
    });
    console.log(`  security rule: ${JSON.stringify(rule)}`);
  }
}

function printPlan(): void {
  const rules = databaseRules();
  console.log('CloudBase collections (集合), indexes (索引) and security rules (安全规则):\n');
  for (const c of setupPlan()) {
    console.log(`${c.name}  — ${c.purpose}`);
    for (const i of c.indexes) console.log(`  index ${i.IndexName}: ${i.MgoKeySchema.MgoIndexKeys.map((k) => `${k.Name} asc`).join(', ')} (not unique)`);
    console.log(`  rule: ${JSON.stringify(rules.collections[c.name] ?? rules.rules)}`);
  }
  console.log('\nDry run. Apply with: ENV_ID=<env> TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run setup:cloudbase -- --apply');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  const args = process.argv.slice(2);
  if (!args.includes('--apply')) {
    printPlan();
  } else {
    const envId = process.env.ENV_ID;
    if (!envId) {
      console.error('set ENV_ID to the CloudBase environment id');
      process.exit(1);
    }
    apply(envId).then(
      () => console.log('✓ CloudBase database ready'),
      (err) => {
        console.error(`✗ ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  }
}
