import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamples } from '../examples';
import { testApp } from './harness';
import { compareWithSnapshot, integTestFiles, snapshotDir, synthesize } from './integ-snapshots';

describe('integration test snapshots', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-privatelink-integ-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('every example stack is a test case of exactly one integ test', () => {
    // An integ test names its example (integ.s3-hybrid-private-dns.ts for S3HybridPrivateDns); a pair
    // of stacks that only deploy together (the cross-account GWLB provider and consumer) share one.
    const owners = (stackName: string) => integTestFiles()
      .filter(file => fs.existsSync(path.join(snapshotDir(file), `${stackName}.template.json`)));
    const stacks = buildExamples(testApp()).map(s => s.stackName);
    expect(stacks.map(name => [name, owners(name)])).toEqual(stacks.map(name => [name, [expect.stringMatching(/^integ\..+\.ts$/)]]));
    for (const name of ['KmsEndpointBaseline', 'EndpointBuildingBlocks', 'PrivateKmsAccess', 'S3HybridPrivateDns', 'GwlbInspection']) {
      expect(owners(name)).toEqual([`integ.${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`]);
    }
    expect(owners('GwlbProvider')).toEqual(['integ.gwlb-cross-account.ts']);
    expect(owners('GwlbConsumer')).toEqual(['integ.gwlb-cross-account.ts']);
    // and no integ test without an example stack
    expect(new Set(stacks.flatMap(owners))).toEqual(new Set(integTestFiles()));
  });

  test.each(integTestFiles())('%s synthesizes exactly its committed snapshot', (file) => {
    const actual = synthesize(file, path.join(work, file));
    expect(fs.existsSync(snapshotDir(file))).toBe(true);
    expect(compareWithSnapshot(file, actual)).toEqual([]);
  });
});
