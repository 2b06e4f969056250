/**
 * Offline snapshots for the integration tests (test/integ.*.ts), in integ-runner's layout: each
 * test's cloud assembly lives next to it in `<file>.snapshot/`.
 *
 * integ-runner itself cannot be used yet: the newest release the npm registry serves reads cloud
 * assembly schema 53 at most, while aws-cdk-lib >= 2.268.0 writes schema 54. This module does the
 * part that needs no AWS account: synthesize each test the way integ-runner does (path, asset and
 * version metadata off) and compare every template with the committed one using
 * @aws-cdk/cloudformation-diff. `npx projen integ:update` runs it with `--update`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatDifferences, fullDiff } from '@aws-cdk/cloudformation-diff';

const TEST_DIR = __dirname;
const ROOT = path.join(TEST_DIR, '..');

/** What the CDK CLI and integ-runner set for a synthesis, so the snapshots carry no machine detail. */
const SNAPSHOT_CONTEXT = {
  'aws:cdk:enable-path-metadata': false,
  'aws:cdk:enable-asset-metadata': false,
  'aws:cdk:version-reporting': false,
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-creation-stack-traces': true,
};

/** Assembly files that hold a build's details rather than its result; never part of a snapshot. */
const NOT_SNAPSHOTTED = /^(tree\.json|validation-report\.json|cdk\.out|asset\..*|.*\.lock)$/;

/** Every integ test file, e.g. `integ.private-kms-access.ts`. */
export function integTestFiles(): string[] {
  return fs.readdirSync(TEST_DIR).filter(f => /^integ\..*(?<!\.d)\.ts$/.test(f)).sort();
}

/** The committed snapshot folder of one integ test. */
export function snapshotDir(file: string): string {
  return path.join(TEST_DIR, `${file}.snapshot`);
}

/** Synthesizes one integ test into `outdir` (a fresh directory) and returns `outdir`. */
export function synthesize(file: string, outdir: string): string {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(TEST_DIR, file)], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: {
      ...process.env,
      // Synthesized as a user's app is, built-in validation included (the test setup turns it off for unit tests).
      CDK_VALIDATION: 'true',
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(SNAPSHOT_CONTEXT),
      TS_NODE_PROJECT: path.join(TEST_DIR, 'tsconfig.json'),
    },
  });
  if (run.status !== 0) {
    throw new Error(`synthesizing test/${file} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  }
  for (const entry of fs.readdirSync(outdir)) {
    if (NOT_SNAPSHOTTED.test(entry)) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
  }
  return outdir;
}

/**
 * A template as it is compared. integ-tests-alpha gives every assertion a `salt` of Date.now() so
 * that it runs again on each deployment; it differs on every synthesis and is not compared.
 */
function canonical(template: any): any {
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    if (String(resource.Type).startsWith('Custom::DeployAssert@') && resource.Properties?.salt !== undefined) {
      resource.Properties.salt = '<deploy-time salt>';
    }
  }
  return template;
}

function templates(dir: string): Record<string, any> {
  const result: Record<string, any> = {};
  for (const f of fs.readdirSync(dir).filter(n => n.endsWith('.template.json')).sort()) {
    result[f] = canonical(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8')));
  }
  return result;
}

/**
 * Compares a fresh synthesis of one integ test with its committed snapshot. Returns a readable
 * description of every difference; an empty array means they are the same.
 */
export function compareWithSnapshot(file: string, actualDir: string): string[] {
  const expectedDir = snapshotDir(file);
  if (!fs.existsSync(expectedDir)) {
    return [`test/${file} has no snapshot: run \`npx projen integ:update\` and commit ${path.basename(expectedDir)}/`];
  }
  const expected = templates(expectedDir);
  const actual = templates(actualDir);
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (!(name in actual)) {
      problems.push(`${name}: in the snapshot, but the test no longer synthesizes it`);
    } else if (!(name in expected)) {
      problems.push(`${name}: synthesized, but not in the snapshot`);
    } else {
      const diff = fullDiff(expected[name], actual[name]);
      const same = diff.isEmpty && JSON.stringify(expected[name]) === JSON.stringify(actual[name]);
      if (!same) {
        let text = '';
        formatDifferences({ write: (chunk: string) => { text += chunk; return true; } } as any, diff);
        problems.push(`${name} differs from its snapshot:\n${text.trim() || '(only in formatting or order)'}`);
      }
    }
  }
  return problems;
}

/** `--update`: rewrite every snapshot folder (or the ones named on the command line). */
function main(argv: string[]): void {
  if (!argv.includes('--update')) {
    throw new Error('usage: ts-node test/integ-snapshots.ts --update [integ.<name>.ts ...]');
  }
  const named = argv.filter(a => a !== '--update').map(a => path.basename(a));
  const files = named.length > 0 ? named : integTestFiles();
  for (const file of files) {
    const tmp = synthesize(file, fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-')));
    const changes = compareWithSnapshot(file, tmp);
    if (changes.length > 0) {
      // Only a changed test is rewritten: an unchanged one keeps its committed salts.
      fs.rmSync(snapshotDir(file), { recursive: true, force: true });
      fs.cpSync(tmp, snapshotDir(file), { recursive: true });
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`${file}: ${changes.length === 0 ? 'unchanged' : 'snapshot written'}`);
    for (const change of changes) console.log(`  ${change.replace(/\n/g, '\n  ')}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2));
}
