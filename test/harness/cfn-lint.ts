import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** One match from `cfn-lint --format json`. */
export interface CfnLintMatch {
  readonly file: string;
  readonly rule: string;
  readonly level: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Path inside the template, e.g. ['Resources', 'Vpc8378EB38', 'Properties', 'CidrBlock']. */
  readonly templatePath: (string | number)[];
}

/** The version `requirements-dev.txt` pins; `npx projen cfn-lint:install` puts it in `.venv`. */
export const PINNED_CFN_LINT_VERSION = readPinnedVersion();

const LOCAL_CFN_LINT = path.join(__dirname, '..', '..', '.venv', 'bin', 'cfn-lint');

/** The project's own `.venv/bin/cfn-lint` when it exists, else whatever `cfn-lint` is on PATH. */
export const CFN_LINT_COMMAND = fs.existsSync(LOCAL_CFN_LINT) ? LOCAL_CFN_LINT : 'cfn-lint';

let version: string | null | undefined;

function readPinnedVersion(): string {
  const requirements = fs.readFileSync(path.join(__dirname, '..', '..', 'requirements-dev.txt'), 'utf-8');
  const pin = /^cfn-lint==(\S+)\s*$/m.exec(requirements);
  if (!pin) throw new Error('requirements-dev.txt must pin cfn-lint with ==');
  return pin[1];
}

/** The version of `CFN_LINT_COMMAND`, or `undefined` when there is none. */
export function cfnLintVersion(): string | undefined {
  if (version === undefined) {
    const probe = spawnSync(CFN_LINT_COMMAND, ['--version'], { encoding: 'utf-8' });
    version = probe.status === 0 ? /cfn-lint (\S+)/.exec(probe.stdout)?.[1] ?? null : null;
  }
  return version ?? undefined;
}

/**
 * Whether cfn-lint can run. Under `CI=true` a missing or unpinned cfn-lint is an error, not a
 * skip: CI installs the pinned one into `.venv` (and puts `.venv/bin` first on PATH).
 */
export function cfnLintAvailable(): boolean {
  const found = cfnLintVersion();
  if (process.env.CI === 'true' && found !== PINNED_CFN_LINT_VERSION) {
    throw new Error(found === undefined
      ? 'cfn-lint not found (neither .venv/bin/cfn-lint nor on PATH): run `npx projen cfn-lint:install`'
      : `${CFN_LINT_COMMAND} is cfn-lint ${found}, but requirements-dev.txt pins ${PINNED_CFN_LINT_VERSION}: run \`npx projen cfn-lint:install\``);
  }
  return found !== undefined;
}

/**
 * Runs cfn-lint once over the given template files and returns every match.
 *
 * A repository `.cfnlintrc` is honoured (cfn-lint reads it from the working directory); nothing
 * else is ignored here: the caller decides which matches are acknowledged.
 */
export function runCfnLint(templateFiles: string[]): CfnLintMatch[] {
  if (templateFiles.length === 0) return [];
  const res = spawnSync(CFN_LINT_COMMAND, ['--format', 'json', '--', ...templateFiles], {
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // cfn-lint exits non-zero when it finds something; anything it cannot parse is a harness failure.
  let raw: any[];
  try {
    raw = JSON.parse(res.stdout || '[]');
  } catch {
    throw new Error(`cfn-lint produced no JSON (exit ${res.status}): ${res.stderr || res.stdout}`);
  }
  if (!Array.isArray(raw) || (res.status !== 0 && raw.length === 0)) {
    throw new Error(`cfn-lint failed (exit ${res.status}): ${res.stderr}`);
  }
  return raw.map(m => ({
    file: path.resolve(m.Filename),
    rule: m.Rule.Id,
    level: String(m.Level).toLowerCase() as CfnLintMatch['level'],
    message: m.Message,
    templatePath: m.Location?.Path ?? [],
  }));
}
