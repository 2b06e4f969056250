/**
 * Template-quality harness shared by every construct test.
 *
 * `expectCleanSynth(app | stack)` synthesizes the app once and checks every template four ways:
 *   1. aws-cdk-lib's built-in CloudFormation validation, with findings made errors
 *      (context `@aws-cdk/core:validateAgainstDefaultRules: true`);
 *   2. cdk-nag v3 packs AwsSolutions, NIST 800-53 R5 and HIPAA Security;
 *   3. the AWS Control Tower proactive-control Guard rules (@cdklabs/cdk-validator-cfnguard), and
 *      this library's own PrivateLinkChecks (so every example also passes the pack);
 *   4. Python cfn-lint (the version requirements-dev.txt pins), errors and warnings alike; skipped
 *      with a note where it is missing, except under CI=true, where that fails.
 * It fails on any unacknowledged finding and returns all findings so tests can assert on them.
 *
 * Acknowledging a finding: `acknowledge(construct, 'AwsSolutions::AwsSolutions-EC23', reason)`
 * on the resource it concerns (or the L2 that owns it). The id is `<source>::<rule>` where source
 * is `CloudFormation-Validate`, `AwsSolutions`, `NIST.800.53.R5`, `HIPAA.Security`,
 * `cdk-validator-cfnguard`, `PrivateLink` or `cfn-lint`. A reason is mandatory, and acknowledgements on an App
 * or Stack are rejected: they would hide findings on every resource below. aws-cdk-lib matches an
 * acknowledgement by rule id across the whole app; the harness counts a finding as acknowledged only
 * when the acknowledgement sits on its construct or a scope above it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, AppProps, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { PolicyValidationReportJson } from 'aws-cdk-lib/cloud-assembly-schema';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { cfnLintAvailable, runCfnLint } from './cfn-lint';
import { PrivateLinkChecks } from '../../src/checks/private-link-checks';

/** Which check produced a finding. */
export type Layer = 'cloudformation-validate' | 'cdk-nag' | 'control-tower' | 'privatelink' | 'cfn-lint' | 'harness';

/** One finding from any layer. */
export interface Finding {
  readonly layer: Layer;
  /** Rule id as its tool names it: `F3002`, `AwsSolutions-EC23`, `vpc_sg_open_only_to_authorized_ports_check`, `W3010`. */
  readonly rule: string;
  /** The id to pass to `acknowledge()` for this finding. */
  readonly acknowledgeId: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly stackName?: string;
  readonly constructPath?: string;
  readonly logicalId?: string;
  readonly acknowledged: boolean;
  readonly reason?: string;
}

/** Result of a checked synthesis. */
export interface HarnessResult {
  /** Every finding, acknowledged or not. */
  readonly findings: Finding[];
  /** The findings that fail a test. */
  readonly failures: Finding[];
  /** Template of every stack, by stack name. */
  readonly templates: Record<string, any>;
  /** Whether cfn-lint ran (outside CI it is skipped, with a console note, where the command is missing). */
  readonly cfnLintRan: boolean;
}

const NAG_PACKS: Record<string, true> = { 'AwsSolutions': true, 'NIST.800.53.R5': true, 'HIPAA.Security': true };
const BUILTIN_PLUGIN = 'CloudFormation Validate';
const GUARD_PLUGIN = 'cdk-validator-cfnguard';
const ACK_METADATA = 'aws:cdk:acknowledged-rules';
const REQUIRED_CONTEXT: Record<string, unknown> = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  // Findings are read from validation-report.json instead of being thrown as one long string.
  '@aws-cdk/core:failSynthOnValidationErrors': false,
};

/**
 * aws-cdk-lib acknowledges this one itself, on the Stack, whenever `stack.availabilityZones` is read
 * (the AZs it returns are literal by design). Python cfn-lint still checks W3010 independently.
 */
const FRAMEWORK_ACKNOWLEDGEMENTS: Record<string, RegExp> = {
  'CloudFormation-Validate::W3010': /^Literal AZs in template are the result of accessing stack\.availabilityZones/,
};

const outdirs: string[] = [];
const checkedApps = new WeakSet<App>();

/**
 * Creates an App for tests: built-in validation findings become errors and the cloud assembly
 * goes to a temporary directory that `cleanupTestOutdirs()` (run after every test file) removes.
 */
export function testApp(props: AppProps = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-privatelink-test-'));
  outdirs.push(outdir);
  return new App({ ...props, outdir, context: { ...props.context, ...REQUIRED_CONTEXT } });
}

/** Removes every temporary outdir created by `testApp()` in this test file. */
export function cleanupTestOutdirs(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Acknowledges one finding on the construct it concerns. `id` is `<source>::<rule>` as printed
 * in a failure message of `expectCleanSynth`.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Synthesizes with every check and returns the findings without failing. */
export function synthWithChecks(appOrStack: App | Stack): HarnessResult {
  const app = rootApp(appOrStack);
  for (const [key, value] of Object.entries(REQUIRED_CONTEXT)) {
    if (app.node.tryGetContext(key) !== value) {
      throw new Error(`the app must be created with testApp() so that context '${key}' is ${value}`);
    }
  }
  if (!checkedApps.has(app)) {
    checkedApps.add(app);
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true }),
      new NIST80053R5Checks(app, { verbose: true }),
      new HIPAASecurityChecks(app, { verbose: true }),
      new CfnGuardValidator({ controlTowerRulesEnabled: true }),
      new PrivateLinkChecks(),
    );
  }
  // test/harness/setup.ts turns aws-cdk-lib's built-in validation off for plain synths; the harness
  // runs it, as one of its layers.
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  let assembly: ReturnType<App['synth']>;
  try {
    assembly = app.synth({ force: true });
  } finally {
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
  }
  const constructs = new Map(app.node.findAll().map(c => [c.node.path, c] as const));
  const logicalIds = new Map<string, { construct: IConstruct; stackName: string }>();
  for (const c of constructs.values()) {
    if (CfnResource.isCfnResource(c)) {
      const stack = Stack.of(c);
      logicalIds.set(`${stack.stackName}/${stack.resolve(c.logicalId)}`, { construct: c, stackName: stack.stackName });
    }
  }

  const findings: Finding[] = [];
  findings.push(...checkAcknowledgements(constructs));
  findings.push(...readValidationReport(path.join(assembly.directory, 'validation-report.json'), constructs));

  const templates: Record<string, any> = {};
  const templateFiles: Record<string, string> = {};
  for (const stack of assembly.stacks) {
    templates[stack.stackName] = stack.template;
    templateFiles[path.resolve(stack.templateFullPath)] = stack.stackName;
  }

  const cfnLintRan = cfnLintAvailable();
  if (cfnLintRan) {
    for (const match of runCfnLint(Object.keys(templateFiles))) {
      const stackName = templateFiles[match.file];
      const [section, logicalId] = match.templatePath;
      const owner = section === 'Resources' ? logicalIds.get(`${stackName}/${logicalId}`) : undefined;
      const ack = owner ? findAcknowledgement(owner.construct, `cfn-lint::${match.rule}`) : undefined;
      findings.push({
        layer: 'cfn-lint',
        rule: match.rule,
        acknowledgeId: `cfn-lint::${match.rule}`,
        severity: match.level,
        message: `${match.message} at ${match.templatePath.join('/')}`,
        stackName,
        constructPath: owner?.construct.node.path,
        logicalId: typeof logicalId === 'string' ? logicalId : undefined,
        acknowledged: ack !== undefined,
        reason: ack,
      });
    }
  } else {
    // Only outside CI (cfnLintAvailable() throws there): say so loudly rather than pass silently.
    console.warn('cfn-lint not found on PATH: the cfn-lint layer of the template checks was skipped '
      + '(npx projen cfn-lint:install, then put .venv/bin first on PATH)');
  }

  return { findings, failures: findings.filter(isFailure), templates, cfnLintRan };
}

/**
 * Synthesizes with every check and throws (failing the test) on any unacknowledged finding that
 * is an error, or a warning from the built-in validation or cfn-lint. Returns all findings.
 */
export function expectCleanSynth(appOrStack: App | Stack): HarnessResult {
  const result = synthWithChecks(appOrStack);
  if (result.failures.length > 0) {
    const lines = result.failures.map(f =>
      `  [${f.layer}] ${f.severity} ${f.rule} on ${f.constructPath ?? f.stackName ?? '(app)'}: ${f.message}\n`
      + `      acknowledge with '${f.acknowledgeId}' and a reason if this is intended`);
    throw new Error(`template checks found ${result.failures.length} problem(s):\n${lines.join('\n')}`);
  }
  return result;
}

function isFailure(f: Finding): boolean {
  if (f.acknowledged) return false;
  if (f.severity === 'error') return true;
  return f.severity === 'warning' && (f.layer === 'cfn-lint' || f.layer === 'cloudformation-validate');
}

function rootApp(appOrStack: App | Stack): App {
  const root = appOrStack.node.root;
  if (!App.isApp(root)) throw new Error('expectCleanSynth needs a construct tree rooted in an App');
  return root;
}

function layerOf(pluginName: string): Layer | undefined {
  if (pluginName === BUILTIN_PLUGIN) return 'cloudformation-validate';
  if (pluginName === GUARD_PLUGIN) return 'control-tower';
  if (NAG_PACKS[pluginName]) return 'cdk-nag';
  if (pluginName === 'PrivateLink') return 'privatelink';
  return undefined;
}

function readValidationReport(file: string, constructs: Map<string, IConstruct>): Finding[] {
  if (!fs.existsSync(file)) {
    throw new Error(`no ${path.basename(file)} was written: is validation disabled (CDK_VALIDATION=false)?`);
  }
  const report: PolicyValidationReportJson = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports) {
    const layer = layerOf(plugin.pluginName) ?? 'harness';
    const source = plugin.pluginName === BUILTIN_PLUGIN ? 'CloudFormation-Validate' : plugin.pluginName;
    if (plugin.metadata?.error) {
      findings.push({
        layer, rule: 'plugin-failed', acknowledgeId: '-', severity: 'error', message: String(plugin.metadata.error), acknowledged: false,
      });
    }
    const groups: Array<[any[] | undefined, boolean]> = [[plugin.violations, false], [plugin.suppressedViolations, true]];
    for (const [violations, acknowledged] of groups) {
      for (const v of violations ?? []) {
        for (const c of v.violatingConstructs) {
          const construct = constructs.get(c.constructPath);
          const stack = construct ? stackOf(construct) : undefined;
          // aws-cdk-lib matches acknowledgements by rule id across the whole app: one made on a
          // construct elsewhere also hides this finding. Only one on this construct or a scope
          // above it counts here.
          const ids = [`${source}::${v.ruleName}`, v.ruleName, (v as any).acknowledgedId].filter((id): id is string => typeof id === 'string');
          const ownAcknowledgement = acknowledged && construct
            ? ids.map(id => findAcknowledgement(construct, id)).find(r => r !== undefined) : undefined;
          const leaked = acknowledged && ownAcknowledgement === undefined;
          findings.push({
            layer,
            rule: v.ruleName,
            acknowledgeId: `${source}::${v.ruleName}`,
            severity: normaliseSeverity(v.severity),
            message: leaked ? `${v.description} (acknowledged only elsewhere in the app, at ${(v as any).acknowledgedAt ?? '?'})` : v.description,
            stackName: stack?.stackName,
            constructPath: c.constructPath,
            logicalId: c.cloudFormationResource?.logicalId
              ?? (stack && CfnResource.isCfnResource(construct) ? stack.resolve(construct.logicalId) : undefined),
            acknowledged: acknowledged && !leaked,
            reason: acknowledged && !leaked ? v.reason : undefined,
          });
        }
      }
    }
  }
  return findings;
}

function stackOf(c: IConstruct): Stack | undefined {
  return [...c.node.scopes].reverse().find(Stack.isStack);
}

function normaliseSeverity(severity: string | undefined): Finding['severity'] {
  if (severity === 'error' || severity === 'fatal') return 'error';
  if (severity === 'warning') return 'warning';
  return 'info';
}

/** Acknowledgements recorded on a construct: `{ '<source>::<rule>': reason }`. */
function acknowledgementsOn(c: IConstruct): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const entry of c.node.metadata) {
    if (entry.type === ACK_METADATA) Object.assign(merged, entry.data);
  }
  return merged;
}

function findAcknowledgement(c: IConstruct, id: string): string | undefined {
  for (const scope of [...c.node.scopes].reverse()) {
    const reason = acknowledgementsOn(scope)[id];
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** Every acknowledgement must be namespaced, carry a reason, and sit below stack level. */
function checkAcknowledgements(constructs: Map<string, IConstruct>): Finding[] {
  const problems: Finding[] = [];
  for (const c of constructs.values()) {
    for (const [id, reason] of Object.entries(acknowledgementsOn(c))) {
      const problem = !id.includes('::') || id.startsWith('Annotation::')
        ? `acknowledgement '${id}' must name its source ('<source>::<rule>') so it shows in the validation report`
        : !reason || !String(reason).trim()
          ? `acknowledgement '${id}' has no reason`
          : (Stack.isStack(c) || Stage.isStage(c)) && !FRAMEWORK_ACKNOWLEDGEMENTS[id]?.test(String(reason))
            ? `acknowledgement '${id}' is on ${c.node.path || 'the app'}; place it on the resource it concerns`
            : undefined;
      if (problem) {
        problems.push({
          layer: 'harness',
          rule: 'acknowledgement',
          acknowledgeId: '-',
          severity: 'error',
          message: problem,
          constructPath: c.node.path,
          acknowledged: false,
        });
      }
    }
  }
  return problems;
}
