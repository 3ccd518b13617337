import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countItem, countVote } from '../../server/core/voting/count';

/** `npm run count -- <file.json>` prints exactly what the engine returns, for every worked example of docs/counting.md. */

const root = join(__dirname, '..', '..');
const examples = join(root, 'docs', 'examples', 'counting');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function runCli(file: string) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(tsx, [join(root, 'scripts', 'count.ts'), file], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('counting CLI', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.json'));

  it('has the worked examples of docs/counting.md, and the doc names each of them', () => {
    expect(files.sort()).toEqual(['building-scope.json', 'estate-basic.json', 'turnout-short.json', 'whole-vote.json']);
    const doc = readFileSync(join(root, 'docs', 'counting.md'), 'utf8');
    for (const f of files) expect(doc).toContain(`docs/examples/counting/${f}`);
    // the reasons quoted in the worked examples are the ones the engine gives
    const short = countItem(JSON.parse(readFileSync(join(examples, 'turnout-short.json'), 'utf8')));
    expect(doc).toContain(short.reasons[0].text);
    const fund = countVote(JSON.parse(readFileSync(join(examples, 'whole-vote.json'), 'utf8'))).items[1];
    expect(doc).toContain(fund.nonVoters!.withoutNonVoters.reasons[0].text);
  });

  it.each(['estate-basic.json', 'turnout-short.json', 'building-scope.json', 'whole-vote.json'])(
    'prints the engine result for %s',
    (name) => {
      const file = join(examples, name);
      const input = JSON.parse(readFileSync(file, 'utf8'));
      const { code, stdout, stderr } = runCli(file);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify('items' in input ? countVote(input) : countItem(input))));
    },
  );

  it('exits 2 with the field at fault for an input it cannot count, and for a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'count-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ matter: 4, scope: 'estate', roster: [{ unit: 'a', building: '1', area: '89.521', owners: ['p'] }], ballots: [] }));
    const r = runCli(bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('roster[0].area');
    expect(runCli(join(dir, 'missing.json')).code).toBe(2);
  });
});
