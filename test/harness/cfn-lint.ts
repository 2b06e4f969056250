import { spawnSync } from 'child_process';
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

let available: boolean | undefined;

/** Whether the `cfn-lint` command exists on this machine (the machine image ships it). */
export function cfnLintAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf-8' });
    available = probe.status === 0;
  }
  return available;
}

/**
 * Runs cfn-lint once over the given template files and returns every match.
 *
 * A repository `.cfnlintrc` is honoured (cfn-lint reads it from the working directory); nothing
 * else is ignored here: the caller decides which matches are acknowledged.
 */
export function runCfnLint(templateFiles: string[]): CfnLintMatch[] {
  if (templateFiles.length === 0) return [];
  const res = spawnSync('cfn-lint', ['--format', 'json', '--', ...templateFiles], {
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
