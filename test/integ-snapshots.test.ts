import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExamples } from '../examples';
import { testApp } from './harness';
import { compareWithSnapshot, integTestFiles, snapshotDir, synthesize } from './integ-snapshots';

describe('integration test snapshots', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-privatelink-integ-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('there is one integ test per example stack', () => {
    const expected = buildExamples(testApp()).map(s => `integ.${s.stackName.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}.ts`);
    expect(integTestFiles()).toEqual(expected.sort());
  });

  test.each(integTestFiles())('%s synthesizes exactly its committed snapshot', (file) => {
    const actual = synthesize(file, path.join(work, file));
    expect(fs.existsSync(snapshotDir(file))).toBe(true);
    expect(compareWithSnapshot(file, actual)).toEqual([]);
  });
});
