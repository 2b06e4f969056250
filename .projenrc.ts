import { awscdk, javascript, JsonFile } from 'projen';

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
  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',

  // No GitHub, no release machinery: this repository has neither.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  sampleCode: false,
  integrationTestAutoDiscover: false,
  lambdaAutoDiscover: false,

  // Non-JS targets: declared so jsii checks every public type against them; their package tasks
  // generate sources only (see the package:* overrides below) because this build is offline.
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
    },
  },

  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'projenrc'] },

  gitignore: ['/cdk.out/', '/.ci-out/', '*.tabl.json'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/cdk.json', '/rosetta/', '/.ci/', '/.cfnlintrc', '*.tabl.json'] },
});

// --- packaging ------------------------------------------------------------------------------
// Python, Java, .NET and Go cannot be built or published from this machine (no PyPI, Maven
// Central, dotnet or go toolchain): generate their sources only, which still runs every jsii
// target's code generator over the whole public API.
for (const target of ['python', 'java', 'dotnet', 'go']) {
  project.tasks.tryFind(`package:${target}`)!.reset(
    `jsii-pacmak -v --target ${target} --code-only --outdir dist`,
  );
}
// projen packages only JavaScript when CI is set; this project always builds every target.
project.tasks.tryFind('package')!.reset();
project.tasks.tryFind('package')!.spawn(project.tasks.tryFind('package-all')!);

// --- README and @example snippets must compile (rosetta/default.ts-fixture) ------------------
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript snippet in README.md and doc comments against the fixture',
  exec: 'jsii-rosetta extract --compile --fail --cache-to .jsii.tabl.json .jsii',
});
project.postCompileTask.spawn(rosetta);

// --- examples ---------------------------------------------------------------------------------
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
    exclude: ['node_modules'],
  },
});

new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx ts-node --project examples/tsconfig.json examples/app.ts',
    output: 'cdk.out',
    notices: false,
    context: {
      '@aws-cdk/core:validateAgainstDefaultRules': true,
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
    { exec: 'rm -rf cdk.out' },
    { exec: 'cdk synth --quiet --no-notices --no-version-reporting' },
    { exec: 'ts-node --project examples/tsconfig.json examples/report.ts cdk.out' },
  ],
});

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.synth();
