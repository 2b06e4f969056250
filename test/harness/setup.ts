import { cleanupTestOutdirs } from './index';

// aws-cdk-lib's built-in validation (CloudFormation Validate) compiles a WebAssembly module on the
// first synthesis of each test process, about ten seconds, and checks nothing a Template assertion
// asserts. It stays on where it is a check: the template-quality harness (synthWithChecks) turns it
// on for its own synthesis, and the integ snapshots and the Python smoke app synthesize with it.
// Jest gives every test file its own process.env.
process.env.CDK_VALIDATION = 'false';

// Every test file removes the cloud assemblies its testApp() calls wrote.
afterAll(() => cleanupTestOutdirs());
