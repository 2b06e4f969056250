/**
 * A template without what legitimately differs between two languages' synthesis of one stack:
 * the CDKMetadata resource and its condition (they name the jsii runtime), each resource's
 * `aws:cdk:path` metadata, and asset hashes in names and keys.
 */
export function normalizeForComparison(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  delete copy.Resources?.CDKMetadata;
  if (copy.Conditions) {
    delete copy.Conditions.CDKMetadataAvailable;
    if (Object.keys(copy.Conditions).length === 0) delete copy.Conditions;
  }
  for (const resource of Object.values<any>(copy.Resources ?? {})) {
    if (resource.Metadata) {
      delete resource.Metadata['aws:cdk:path'];
      if (Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
    }
  }
  return JSON.parse(JSON.stringify(copy).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}
