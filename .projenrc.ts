import { awscdk, javascript, JsonFile } from 'projen';

/** The aws-cdk-lib peer floor, also the dev dependency and the version the smoke tests install. */
const CDK_VERSION = '2.268.0';
const CONSTRUCTS_VERSION = '10.5.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-privatelink',
  description: 'Correct-by-construction AWS CDK constructs for AWS PrivateLink: interface, gateway, '
    + 'Gateway Load Balancer, resource and service-network endpoints with the guide\'s rules enforced at synth',
  author: 'cdk-privatelink maintainers',
  authorAddress: 'maintainers@cdk-privatelink.dev',
  repositoryUrl: 'https://github.com/cdk-privatelink/cdk-privatelink.git',
  license: 'Apache-2.0',
  keywords: ['aws', 'cdk', 'privatelink', 'vpc-endpoint', 'vpc-lattice', 'gateway-load-balancer', 'kms', 'cloudhsm'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  // Toolchain pins (see DEVELOPERS.md): jsii and TypeScript 6, never 7.
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  minNodeVersion: '20.16.0',
  // Peer floor: the oldest aws-cdk-lib the whole test suite passes on (measured), and no older than
  // 2.268.0, the first release with CfnVPCEndpointService.privateDnsName and aws_cloudhsm.CfnCluster.
  // projen pins the dev dependency to exactly this version, so the tests run against the floor.
  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,

  // No GitHub, no release machinery: this repository has neither.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  sampleCode: false,
  integrationTestAutoDiscover: false,
  lambdaAutoDiscover: false,

  // Non-JS targets: Python is built into a real wheel; Java, .NET and Go generate sources only
  // (see the package:* overrides below for why).
  publishToPypi: { distName: 'cdk-privatelink', module: 'cdk_privatelink' },
  publishToMaven: {
    javaPackage: 'io.github.cdkprivatelink',
    mavenGroupId: 'io.github.cdk-privatelink',
    mavenArtifactId: 'cdk-privatelink',
  },
  publishToNuget: { dotNetNamespace: 'CdkPrivatelink', packageId: 'CdkPrivatelink' },
  publishToGo: { moduleName: 'github.com/cdk-privatelink/cdk-privatelink-go' },

  devDeps: [
    '@types/node@^20',
    'aws-cdk@^2.1148.1',
    'cdk-nag@^3.0.2',
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    // AGPL: tests only, never imported from src/.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // Integration tests the CDK way (IntegTest, deployed assertions). integ-tests-alpha is pinned
    // to the newest release the npm registry serves; its peer range (^2.245.0) includes the floor.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // Offline snapshot comparison of the integ tests (test/integ-snapshots.ts). Not integ-runner:
    // the newest the registry serves (2.197.10) reads cloud assembly schema 53 at most, and
    // aws-cdk-lib >= 2.268.0 writes schema 54, so it fails every test with AssemblyVersionMismatch.
    '@aws-cdk/cloudformation-diff@^2.187.5',
    // Property-based tests of the placement and policy rules (seeded, bounded runs).
    'fast-check@^4.11.0',
    // Custom resource handlers (src/**/*.lambda.ts): the SDK v3 client they call is left to the
    // Lambda runtime (bundled as external), so it is a dev dependency for types and tests only.
    '@aws-sdk/client-route53resolver@^3.654.0',
    '@aws-sdk/client-ec2@^3.654.0',
    'aws-sdk-client-mock@^4.1.0',
  ],

  jestOptions: {
    // A test run must be able to fail on a changed snapshot: never rewrite them implicitly.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/dist/'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/setup.ts'],
      // Each template-quality check synthesizes and runs cfn-lint and cfn-guard: seconds, not ms.
      testTimeout: 120_000,
      // jest's default is one worker fewer than the CPUs: one on the 2-CPU CI machine. Two workers
      // measured 367 s against 505 s for the whole suite there.
      maxWorkers: 2,
    },
  },

  // Lint findings fail `npm test`; `npx projen eslint:fix` rewrites them locally.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'projenrc'],
    // Warnings fail too: a finding nobody has to act on is one nobody acts on.
    commandOptions: { fix: false, extraArgs: ['--max-warnings', '0'] },
  },

  gitignore: [
    '/cdk.out/', '/.ci-out/', '*.tabl.json', '/lib-examples/', '/.venv/', '/.smoke/',
    // The CDK CLI writes an (empty) cdk.context.json after synthesizing stacks with env; the
    // example's lookup answers live in cdk.json.
    '/cdk.context.json',
    // integ-runner's working output next to each test; the *.snapshot/ folders are committed.
    '/test/cdk-integ.out.*',
  ],
  npmIgnoreOptions: {
    ignorePatterns: [
      '/examples/', '/lib-examples/', '/cdk.json', '/rosetta/', '/.ci/', '/.cfnlintrc', '*.tabl.json',
      '/requirements-dev.txt', '/.venv/', '/.smoke/',
      // Build and test output that lands in the working tree.
      '/cdk.out/', '/.ci-out/', '/test/cdk-integ.out.*',
    ],
  },
});

// --- packaging ------------------------------------------------------------------------------
// package:python keeps projen's default: jsii-pacmak builds a real wheel and sdist in dist/python
// (its own venv installs setuptools, build and twine from PyPI).
//
// The other targets generate sources only, which still runs each jsii code generator over the
// whole public API:
// - java: the jar's pom needs software.amazon.awscdk:aws-cdk-lib in [2.268.0,3.0.0), and the
//   Maven Central this project builds against serves aws-cdk-lib only up to 2.263.0, so Maven
//   cannot resolve it. Build the jar again once Maven Central serves 2.268.0 or later.
// - dotnet: there is no .NET SDK on the build machine.
// - go: possible (the Go module proxy is reachable) but not built or smoke-tested yet.
for (const target of ['java', 'dotnet', 'go']) {
  project.tasks.tryFind(`package:${target}`)!.reset(
    `jsii-pacmak -v --target ${target} --code-only --outdir dist`,
  );
}
// projen packages only JavaScript when CI is set; this project always builds every target.
project.tasks.tryFind('package')!.reset();
project.tasks.tryFind('package')!.spawn(project.tasks.tryFind('package-all')!);

// --- custom resource handlers -----------------------------------------------------------------
// Each src/**/*.lambda.ts is bundled with esbuild into assets/ at build time (the bundle ships in
// the npm package, and so in every jsii package); projen writes a <name>-function.ts beside it.
// AWS SDK v3 clients stay external: the Node.js runtime provides them.
for (const entrypoint of [
  'src/s3/resolver-addresses-on-event.lambda.ts', 'src/s3/resolver-addresses-is-complete.lambda.ts',
  'src/gwlb/endpoint-connection-on-event.lambda.ts', 'src/gwlb/endpoint-connection-is-complete.lambda.ts',
]) {
  new awscdk.LambdaFunction(project, {
    entrypoint,
    cdkDeps: project.cdkDeps,
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    awsSdkConnectionReuse: false,
    bundlingOptions: { externals: ['@aws-sdk/*'], sourcemap: false },
  });
}

// --- README and @example snippets must compile (rosetta/default.ts-fixture) ------------------
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript snippet in README.md and doc comments against the fixture',
  exec: 'jsii-rosetta extract --compile --fail --cache-to .jsii.tabl.json .jsii',
});
project.postCompileTask.spawn(rosetta);

project.eslint!.addRules({ '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] });

// --- lint: a local task that rewrites what it can ----------------------------------------------
project.addTask('eslint:fix', {
  description: 'Run eslint and rewrite the findings it can fix (npm test only reports them)',
  steps: [{
    exec: ['eslint', '--ext', '.ts,.tsx', '--fix', '--no-error-on-unmatched-pattern',
      'src', 'test', 'examples', 'projenrc', '.projenrc.ts'].join(' '),
  }],
});

project.addTask('bench:checks', {
  description: 'Synthesis time of the demo app and of a plain VPC with 50 endpoints, with and without PrivateLinkChecks',
  steps: [{ exec: 'ts-node --transpile-only test/bench/checks-cost.ts' }],
});

// --- examples ---------------------------------------------------------------------------------
// The demo runs the examples as JavaScript (lib-examples/, transpiled without type-checking by
// the cdk.json app command) so that `cdk synth` takes seconds; `typecheck` (the first step of `npm test`) checks them, the
// tests and the integ tests in one tsc run.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  },
});
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.addTask('compile:examples', {
  description: 'Transpile examples/ and the library sources they import to lib-examples/ (no type-check)',
  exec: 'node projenrc/transpile-examples.js',
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src/, test/ (integ tests included) and examples/ without emitting',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);
// Tests synthesize stacks whose custom resource handlers are assets: bundle them first.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);

new JsonFile(project, 'cdk.json', {
  obj: {
    // Transpiling first keeps a plain `npx cdk synth` (without npm run demo) working.
    app: 'node projenrc/transpile-examples.js && node lib-examples/examples/app.js',
    output: 'cdk.out',
    notices: false,
    context: {
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      // The zones a lookup returns in the accounts of the cross-account GWLB example, so that the
      // demo synthesizes without credentials (an app keeps these in cdk.context.json).
      'availability-zones:account=111111111111:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      'availability-zones:account=222222222222:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    },
  },
});

const demoEnv = {
  // The demo must never reach out: no version check, no notices, no telemetry.
  CDK_DISABLE_VERSION_CHECK: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};
project.addTask('demo', {
  description: 'Synthesize every example stack into cdk.out/ and print a summary table (no AWS account needed)',
  env: demoEnv,
  steps: [
    // The custom resource handlers' bundles are assets of the example stacks.
    { spawn: 'bundle' },
    { exec: 'rm -rf cdk.out' },
    { exec: 'cdk synth --quiet --no-notices --no-version-reporting' },
    { exec: 'node lib-examples/examples/report.js cdk.out' },
  ],
});

// --- integration tests (offline snapshots) ---------------------------------------------------
// One test/integ.<scenario>.ts per example stack, written with @aws-cdk/integ-tests-alpha.
// test/integ-snapshots.test.ts (part of `npm test`) synthesizes each one and fails on any
// difference from its committed *.snapshot/ folder; `integ:update` rewrites the snapshots.
project.addTask('integ:update', {
  description: 'Rewrite every test/integ.*.ts.snapshot/ folder from a fresh synthesis; review the diff',
  env: { TS_NODE_PROJECT: 'test/tsconfig.json', ...demoEnv },
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --transpile-only test/integ-snapshots.ts --update', receiveArgs: true }],
});

// --- Python smoke test -------------------------------------------------------------------------
// A fresh venv in .smoke/python with the wheel from dist/python and the floor aws-cdk-lib: what a
// Python user installs. test/smoke/python.test.ts runs examples/python/app.py in it.
project.addTask('smoke:python:install', {
  description: 'Create .smoke/python (a fresh venv) and pip install the built wheel with the floor aws-cdk-lib',
  steps: [
    { exec: 'rm -rf .smoke/python' },
    { exec: 'python3 -m venv .smoke/python' },
    {
      exec: '.smoke/python/bin/pip install --quiet --no-input --disable-pip-version-check '
        + `dist/python/*.whl aws-cdk-lib==${CDK_VERSION} constructs==${CONSTRUCTS_VERSION}`,
    },
  ],
});

// --- cfn-lint, pinned, in a project-local venv ---------------------------------------------------
project.addTask('cfn-lint:install', {
  description: 'Install the pinned cfn-lint (requirements-dev.txt) into .venv; put .venv/bin first on PATH',
  steps: [
    { exec: 'python3 -m venv .venv' },
    { exec: '.venv/bin/pip install --quiet --no-input --disable-pip-version-check -r requirements-dev.txt' },
  ],
});

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.synth();
