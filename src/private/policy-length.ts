import { RegionInfo } from 'aws-cdk-lib/region-info';
import { isIntrinsic } from './tokens';

/**
 * An upper bound on the length of a resolved CloudFormation value once deployed: the compact JSON
 * of the value with every intrinsic replaced by the longest text it can become.
 *
 * Used for limits that AWS applies to deployed documents (the 20,480-character endpoint policy),
 * which would otherwise be skipped in every stack without `env`, where account, Region and
 * partition are `Ref`s. The bound is exact for literals and assumes the longest known value for
 * pseudo parameters (a 12-digit account; the longest Region, partition and URL suffix aws-cdk-lib's
 * RegionInfo knows) and for the references and attributes of the resource types listed below.
 * Where a value cannot be bounded (a parameter, an import, a resource type not listed), the
 * result is `undefined` and the limit stays unchecked.
 */

/** Looks up the CloudFormation type of a resource by its logical id, or `undefined` when unknown. */
export type ResourceTypeLookup = (logicalId: string) => string | undefined;

const ACCOUNT = 12;

function longest(values: Array<string | undefined>): number {
  return Math.max(...values.map(value => value?.length ?? 0));
}

const REGION = longest(RegionInfo.regions.map(region => region.name));
const PARTITION = longest(RegionInfo.regions.map(region => region.partition));
const URL_SUFFIX = longest(RegionInfo.regions.map(region => region.domainSuffix));

/** `arn:<partition>:<service>:<region>:<account>:` with the longest partition and Region. */
function arnPrefix(service: string, regional = true, account = true): number {
  return 'arn:'.length + PARTITION + 1 + service.length + 1 + (regional ? REGION : 0) + 1 + (account ? ACCOUNT : 0) + 1;
}

const UUID = 36;
/** Longest IAM path (including its slashes) and IAM role or user name. */
const IAM_PATH = 512;
const IAM_NAME = 64;
const STACK_NAME = 128;

const PSEUDO_PARAMETERS: Record<string, number> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': URL_SUFFIX,
  'AWS::StackName': STACK_NAME,
  'AWS::StackId': arnPrefix('cloudformation') + 'stack/'.length + STACK_NAME + 1 + UUID,
  'AWS::NoValue': 0,
};

/** What `Ref` returns for a resource type: EC2 ids are a prefix and 17 hexadecimal digits. */
const REF_LENGTHS: Record<string, number> = {
  'AWS::EC2::VPCEndpoint': 'vpce-'.length + 17,
  'AWS::EC2::VPC': 'vpc-'.length + 17,
  'AWS::EC2::Subnet': 'subnet-'.length + 17,
  'AWS::EC2::SecurityGroup': 'sg-'.length + 17,
  'AWS::EC2::RouteTable': 'rtb-'.length + 17,
  'AWS::KMS::Key': UUID,
  'AWS::KMS::Alias': 256,
  'AWS::IAM::Role': IAM_NAME,
  'AWS::IAM::User': IAM_NAME,
  'AWS::S3::Bucket': 63,
};

const GETATT_LENGTHS: Record<string, Record<string, number>> = {
  'AWS::KMS::Key': { Arn: arnPrefix('kms') + 'key/'.length + UUID, KeyId: UUID },
  'AWS::IAM::Role': { Arn: arnPrefix('iam', false) + 'role'.length + IAM_PATH + IAM_NAME, RoleId: 21 },
  'AWS::IAM::User': { Arn: arnPrefix('iam', false) + 'user'.length + IAM_PATH + IAM_NAME },
  'AWS::S3::Bucket': { Arn: arnPrefix('s3', false, false) + 63 },
  'AWS::EC2::VPC': { CidrBlock: 18, VpcId: REF_LENGTHS['AWS::EC2::VPC'] },
  'AWS::EC2::VPCEndpoint': { Id: REF_LENGTHS['AWS::EC2::VPCEndpoint'] },
  'AWS::EC2::SecurityGroup': { GroupId: REF_LENGTHS['AWS::EC2::SecurityGroup'], VpcId: REF_LENGTHS['AWS::EC2::VPC'] },
};

/** The longest compact JSON `value` can deploy as, or `undefined` when some part cannot be bounded. */
export function maxJsonLength(value: unknown, resourceType: ResourceTypeLookup): number | undefined {
  if (value === undefined) return 0;
  if (value === null || typeof value !== 'object') return JSON.stringify(value).length;
  if (isIntrinsic(value)) {
    const text = maxTextLength(value, resourceType);
    return text === undefined ? undefined : text + 2;
  }
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map(element => [undefined, element])
    : Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  let total = 2 + Math.max(entries.length - 1, 0);
  for (const [key, element] of entries) {
    if (Array.isArray(value) && isListIntrinsic(element)) return undefined;
    const length = maxJsonLength(element, resourceType);
    if (length === undefined) return undefined;
    total += length + (key === undefined ? 0 : JSON.stringify(key).length + 1);
  }
  return total;
}

/** The longest text a string-valued expression can become, counted as it appears inside JSON quotes. */
function maxTextLength(value: unknown, resourceType: ResourceTypeLookup): number | undefined {
  if (typeof value === 'string') return JSON.stringify(value).length - 2;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (!isIntrinsic(value)) return undefined;
  const [fn] = Object.keys(value as object);
  const args = (value as any)[fn];
  switch (fn) {
    case 'Ref': return refLength(args, resourceType);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = typeof args === 'string' ? args.split('.') : args;
      return getAttLength(logicalId, attribute, resourceType);
    }
    case 'Fn::Join': {
      const [separator, parts] = args;
      if (typeof separator !== 'string' || !Array.isArray(parts)) return undefined;
      return sum(parts.map(part => maxTextLength(part, resourceType)), (parts.length - 1) * (JSON.stringify(separator).length - 2));
    }
    case 'Fn::Sub': return subLength(args, resourceType);
    case 'Fn::If': {
      const [, whenTrue, whenFalse] = args;
      const lengths = [maxTextLength(whenTrue, resourceType), maxTextLength(whenFalse, resourceType)];
      return lengths.includes(undefined) ? undefined : Math.max(...(lengths as number[]));
    }
    case 'Fn::Select': {
      const [, list] = args;
      if (!Array.isArray(list)) return undefined;
      const lengths = list.map(element => maxTextLength(element, resourceType));
      return lengths.includes(undefined) ? undefined : Math.max(0, ...(lengths as number[]));
    }
    default: return undefined;
  }
}

function refLength(name: string, resourceType: ResourceTypeLookup): number | undefined {
  if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name];
  const type = resourceType(name);
  return type === undefined ? undefined : REF_LENGTHS[type];
}

function getAttLength(logicalId: string, attribute: string, resourceType: ResourceTypeLookup): number | undefined {
  const type = resourceType(logicalId);
  return type === undefined ? undefined : GETATT_LENGTHS[type]?.[attribute];
}

function subLength(args: unknown, resourceType: ResourceTypeLookup): number | undefined {
  const [template, variables] = typeof args === 'string' ? [args, {}] : args as [string, Record<string, unknown>];
  if (typeof template !== 'string') return undefined;
  let total: number | undefined = 0;
  const literal = template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    if (total === undefined) return '';
    if (name.startsWith('!')) return '${' + name.slice(1) + '}';
    const length = placeholderLength(name, variables, resourceType);
    total = length === undefined ? undefined : total + length;
    return '';
  });
  return total === undefined ? undefined : total + JSON.stringify(literal).length - 2;
}

/** A `${Name}` of Fn::Sub: a variable of the map, a pseudo parameter, `Resource.Attribute` or a `Ref`. */
function placeholderLength(name: string, variables: Record<string, unknown> | undefined, resourceType: ResourceTypeLookup): number | undefined {
  if (variables && name in variables) return maxTextLength(variables[name], resourceType);
  if (name in PSEUDO_PARAMETERS) return PSEUDO_PARAMETERS[name];
  const dot = name.indexOf('.');
  return dot < 0 ? refLength(name, resourceType) : getAttLength(name.slice(0, dot), name.slice(dot + 1), resourceType);
}

function sum(lengths: Array<number | undefined>, extra: number): number | undefined {
  let total = extra;
  for (const length of lengths) {
    if (length === undefined) return undefined;
    total += length;
  }
  return total;
}


/** An intrinsic that stands for a whole list (spliced into an array), whose length cannot be bounded. */
function isListIntrinsic(value: unknown): boolean {
  if (!isIntrinsic(value)) return false;
  const [fn] = Object.keys(value as object);
  return fn === 'Fn::GetAZs' || fn === 'Fn::Split' || fn === 'Fn::Cidr';
}
