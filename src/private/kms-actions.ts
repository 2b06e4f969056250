/**
 * Every AWS KMS action name (without the `kms:` prefix), for validating action lists at synth.
 * A test keeps this list equal to the IAM service reference.
 */
export const KMS_ACTIONS = [
  'CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey', 'Decrypt',
  'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeCustomKeyStores',
  'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey', 'EnableKeyRotation', 'Encrypt',
  'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext',
  'GenerateMac', 'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport',
  'GetPublicKey', 'ImportKeyMaterial', 'ListAliases', 'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys',
  'ListResourceTags', 'ListRetirableGrants', 'PutKeyPolicy', 'ReEncryptFrom', 'ReEncryptTo', 'ReplicateKey', 'RetireGrant',
  'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'SynchronizeMultiRegionKey', 'TagResource',
  'UntagResource', 'UpdateAlias', 'UpdateCustomKeyStore', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac',
];

/** KMS actions that do not take a key as resource (account-level calls). */
export const KMS_ACCOUNT_LEVEL_ACTIONS = [
  'ConnectCustomKeyStore', 'CreateCustomKeyStore', 'CreateKey', 'DeleteCustomKeyStore', 'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore', 'GenerateRandom', 'ListAliases', 'ListKeys', 'ListRetirableGrants', 'UpdateCustomKeyStore',
];

/** The cryptographic operations on a key: what binding a key to a network is meant to restrict. */
export const KMS_CRYPTO_ACTIONS = [
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
];

/** The KMS actions (without `kms:`) that an action name or `*`/`?` pattern such as `kms:Put*` matches. */
export function matchingKmsActions(action: string): string[] {
  const match = /^kms:(.+)$/i.exec(action);
  if (!match) return [];
  const pattern = new RegExp(`^${match[1].replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return KMS_ACTIONS.filter(a => pattern.test(a));
}

/**
 * The unknown entries of a KMS action list: each entry must be `kms:<Action>` or a `kms:` pattern
 * with `*`/`?` wildcards that matches at least one action.
 */
export function unknownKmsActions(actions: string[]): string[] {
  return actions.filter(action => matchingKmsActions(action).length === 0);
}
