import { Annotations, Aws, CfnOutput, Fn, Lazy, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { EndpointPolicy, EndpointPolicyTarget } from '../endpoints/endpoint-policy';
import { InterfaceEndpoint } from '../endpoints/interface-endpoint';
import { KMS_ACCOUNT_LEVEL_ACTIONS, KMS_CRYPTO_ACTIONS, matchingKmsActions, unknownKmsActions } from '../private/kms-actions';
import { maxJsonLength } from '../private/policy-length';
import { cloudFormationExecutionRoleArn, describeValue, resolvedKey, resourceTypesOf } from '../private/tokens';

/**
 * How the key policies restrict where keys can be used from.
 */
export enum KmsAccessMode {
  /** Cryptographic use only through this endpoint (or the other endpoints listed): `aws:SourceVpce`. */
  ENDPOINT = 'ENDPOINT',
  /** Cryptographic use only from the usage VPCs: `aws:SourceVpc`. */
  VPC = 'VPC',
  /**
   * Key management only from an admin VPC, cryptographic use only from the usage VPCs, read
   * actions (`Describe*`, `List*`, `Get*`) from anywhere: `aws:SourceVpc`.
   */
  SPLIT_ADMINISTRATION = 'SPLIT_ADMINISTRATION',
}

/**
 * Which requests that AWS services make on a caller's behalf are exempt from the network
 * conditions of the key policies.
 *
 * AWS services that use a key for you (S3 server-side encryption, EBS, CloudFormation updating the
 * key, ...) call KMS from their own network, so `aws:SourceVpce`/`aws:SourceVpc` never match and
 * an unconditional network restriction makes those requests fail.
 */
export class AwsServiceExemption {
  /**
   * Exempt every request an AWS service makes on a caller's behalf (`aws:ViaAWSService`) and
   * every call by an AWS service principal (`aws:PrincipalIsAWSService`).
   */
  public static allServices(): AwsServiceExemption {
    return new AwsServiceExemption('ALL', []);
  }

  /**
   * Exempt only requests made through the named services (`kms:ViaService`, e.g. `s3` becomes
   * `s3.<region>.amazonaws.com`, or `amazonaws.com.cn` in the China partition) and calls by AWS
   * service principals.
   *
   * @param services service prefixes such as `s3`, `rds`, `ec2`
   */
  public static viaServices(services: string[]): AwsServiceExemption {
    if (services.length === 0) {
      throw new Error('AwsServiceExemption.viaServices needs at least one service, e.g. [\'s3\']; use none() to exempt nothing');
    }
    return new AwsServiceExemption('VIA', services);
  }

  /** Exempt nothing: every request must come through the endpoint or VPC, also those AWS services make for you. */
  public static none(): AwsServiceExemption {
    return new AwsServiceExemption('NONE', []);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'ALL' | 'VIA' | 'NONE',
    /** @internal */ public readonly _services: string[],
  ) {}
}

/**
 * The actions `restrictedActions` defaults to: every cryptographic operation, for symmetric,
 * asymmetric (sign, verify, key agreement) and HMAC keys alike.
 */
const DEFAULT_RESTRICTED_ACTIONS = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*',
  'kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:VerifyMac', 'kms:DeriveSharedSecret',
];

/** Key management actions for `SPLIT_ADMINISTRATION`. */
const DEFAULT_MANAGEMENT_ACTIONS = [
  'kms:Create*', 'kms:Enable*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Delete*',
  'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:ImportKeyMaterial',
  'kms:RotateKeyOnDemand',
];

/**
 * Tag that marks the keys defined in this app which a keys-only endpoint policy lets through; its
 * value is the address of the PrivateKmsAccess. A key carries one value per tag key, so a second
 * construct that binds the same key uses a tag key of its own, `<KEY_TAG>:<its address>`.
 */
const KEY_TAG = 'cdk-privatelink:kms-access';

/**
 * The deny statements on a key defined in this app, shared by every PrivateKmsAccess that binds it.
 * Separate denies, each naming only its own endpoint or VPCs, would together refuse every direct
 * request; so the first construct adds the statements and the others add their endpoints (or
 * usage VPCs) to them, which needs the rest of the statements to be the same (`signature`).
 */
interface SharedKeyRestriction {
  readonly ownerPath: string;
  readonly signature: string;
  readonly values: string[];
}
const KEY_RESTRICTIONS = new WeakMap<kms.IKey, SharedKeyRestriction>();

/** The PrivateKmsAccess whose tag uses `KEY_TAG` itself on a key. */
const KEY_TAG_OWNERS = new WeakMap<kms.IKey, string>();

/** The PrivateKmsAccess constructs that published statements for an imported key. */
const IMPORTED_KEY_BINDERS = new WeakMap<kms.IKey, string>();

/** The largest key policy KMS accepts, in characters. */
const KEY_POLICY_MAX_CHARS = 32_768;

/** Account-level calls a keys-only endpoint policy still allows (they take no key). */
const ACCOUNT_LEVEL_READ_ACTIONS = KMS_ACCOUNT_LEVEL_ACTIONS.filter(a => /^(List|Generate|Describe)/.test(a)).map(a => `kms:${a}`);

/** Actions `grantEncryptDecrypt` gives. */
const ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'];
const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];

/**
 * Properties of `PrivateKmsAccess`.
 */
export interface PrivateKmsAccessProps {
  /** The VPC that reaches AWS KMS through the endpoint. */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets for the endpoint, at most one per Availability Zone.
   *
   * @default - one subnet per Availability Zone from the VPC's private subnets
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Who may connect to the endpoint on TCP 443.
   *
   * @default - the VPC's IPv4 CIDR (and IPv6 CIDR when dual-stack)
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Use the FIPS endpoint service (`kms-fips`).
   *
   * @default false
   */
  readonly fips?: boolean;

  /**
   * Region of the KMS service, for a cross-Region endpoint.
   *
   * @default - KMS in the endpoint's own Region
   */
  readonly serviceRegion?: string;

  /**
   * Keys whose policies get the network restrictions. Keys defined in this app get the statements
   * added; for imported keys the statements are published as an output for the key's owner.
   * More keys can be added with `addKey()`.
   *
   * @default - no keys
   */
  readonly keys?: kms.IKey[];

  /**
   * Create a customer managed key (rotation on, retained on stack deletion) bound like `keys`.
   *
   * @default false
   */
  readonly createKey?: boolean;

  /**
   * Alias for the key created by `createKey`, e.g. `alias/app-data`.
   *
   * @default - no alias
   */
  readonly keyAlias?: string;

  /**
   * How the key policies restrict use.
   *
   * @default KmsAccessMode.ENDPOINT
   */
  readonly mode?: KmsAccessMode;

  /**
   * Other endpoint ids (`vpce-…`) that may use the keys as well, in `ENDPOINT` mode.
   *
   * @default - only this construct's endpoint
   */
  readonly additionalSourceVpceIds?: string[];

  /**
   * VPC ids (`vpc-…`) that may use the keys, in `VPC` and `SPLIT_ADMINISTRATION` modes.
   *
   * @default - the VPC of this endpoint
   */
  readonly usageVpcIds?: string[];

  /**
   * The VPC key administrators work from, in `SPLIT_ADMINISTRATION` mode (required there). It must
   * not be one of the usage VPCs.
   *
   * @default - none
   */
  readonly adminVpcId?: string;

  /**
   * Actions refused outside the endpoint or usage VPCs.
   *
   * @default ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:VerifyMac', 'kms:DeriveSharedSecret']
   */
  readonly restrictedActions?: string[];

  /**
   * Actions refused outside the admin VPC in `SPLIT_ADMINISTRATION` mode.
   *
   * @default - kms:Create*, Enable*, Put*, Update*, Revoke*, Disable*, Delete*, TagResource, UntagResource,
   * ScheduleKeyDeletion, CancelKeyDeletion, ImportKeyMaterial, RotateKeyOnDemand
   */
  readonly managementActions?: string[];

  /**
   * Principals exempt from the admin-VPC condition in `SPLIT_ADMINISTRATION` mode: the roles
   * CloudFormation deploys with. A deployment through a CloudFormation service role calls KMS as
   * that role from outside any VPC, so without this exemption it could not manage the key.
   *
   * @default - the stack's CloudFormation execution role when the stack uses the DefaultStackSynthesizer, otherwise none (warned)
   */
  readonly managementExemptPrincipalArns?: string[];

  /**
   * Requests by AWS services on a caller's behalf that are exempt from the network conditions.
   *
   * @default AwsServiceExemption.allServices()
   */
  readonly awsServiceExemption?: AwsServiceExemption;

  /**
   * Endpoint policy.
   *
   * @default - KMS actions for principals of this account only, and only on the bound keys when
   * `endpointPolicyKeysOnly` is true
   */
  readonly endpointPolicy?: EndpointPolicy;

  /**
   * Limit the default endpoint policy to the bound keys (plus the account-level calls ListKeys,
   * ListAliases, GenerateRandom, DescribeCustomKeyStores and ListRetirableGrants). Imported keys
   * are named by ARN; keys defined in this app are tagged `cdk-privatelink:kms-access` and matched
   * by that tag, because naming them would make key and endpoint depend on each other.
   *
   * @default - true when keys are bound at construction
   */
  readonly endpointPolicyKeysOnly?: boolean;

  /**
   * More statements for the key policies of the bound keys.
   *
   * @default - none
   */
  readonly additionalKeyPolicyStatements?: iam.PolicyStatement[];
}

/**
 * AWS KMS reachable from a VPC through an interface endpoint, with key policies that refuse
 * cryptographic use from anywhere else and an endpoint policy that keeps the endpoint for this
 * account's principals.
 *
 * @example
 * const access = new privatelink.PrivateKmsAccess(this, 'Kms', {
 *   vpc,
 *   createKey: true,
 *   keyAlias: 'alias/app-data',
 * });
 * declare const appRole: iam.IRole;
 * access.grantEncryptDecrypt(appRole);
 */
export class PrivateKmsAccess extends Construct implements ec2.IConnectable {
  /** The KMS interface endpoint. */
  public readonly endpoint: InterfaceEndpoint;

  /** The key created by `createKey`, if any. */
  public readonly key?: kms.Key;

  /** Network connections of the endpoint. */
  public readonly connections: ec2.Connections;

  /** The access mode of the key policies. */
  public readonly mode: KmsAccessMode;

  /** Output with the endpoint's Regional DNS name. */
  public readonly dnsNameOutput: CfnOutput;

  private readonly boundKeys: kms.IKey[] = [];
  private readonly importedKeys: kms.IKey[] = [];
  private readonly statements: iam.PolicyStatement[];
  /** Whether the endpoint policy is limited to the bound keys (keys bound later get a statement of their own). */
  private readonly endpointPolicyKeysOnly: boolean;
  private keyPolicyOutput?: CfnOutput;
  /** The tag keys the keys-only endpoint policy already has a statement for. */
  private readonly tagStatementKeys = new Set<string>();
  private readonly keyPolicyInput: KeyPolicyInput;
  private importedKeysStatement?: iam.PolicyStatement;
  private readonly serviceRegion?: string;

  constructor(scope: Construct, id: string, props: PrivateKmsAccessProps) {
    super(scope, id);
    this.mode = props.mode ?? KmsAccessMode.ENDPOINT;
    validateModeProps(props, this.mode);
    const restricted = actionList(props.restrictedActions, DEFAULT_RESTRICTED_ACTIONS, 'restrictedActions');
    if (this.mode !== KmsAccessMode.SPLIT_ADMINISTRATION) checkRestrictedActionsAreCrypto(restricted);
    const management = actionList(props.managementActions, DEFAULT_MANAGEMENT_ACTIONS, 'managementActions');
    const exemption = props.awsServiceExemption ?? AwsServiceExemption.allServices();
    if (props.keyAlias !== undefined && !props.createKey) {
      throw new Error(`keyAlias '${describeValue(this, props.keyAlias)}' needs createKey: true; set it, or alias your own key and pass it in keys`);
    }
    const hasKeysAtStart = (props.keys?.length ?? 0) > 0 || props.createKey === true;
    if (props.endpointPolicyKeysOnly && !hasKeysAtStart) {
      throw new Error('endpointPolicyKeysOnly is true but no keys are bound; pass keys or createKey: true, or leave endpointPolicyKeysOnly unset');
    }
    if (props.endpointPolicy && props.endpointPolicyKeysOnly !== undefined) {
      throw new Error('endpointPolicyKeysOnly shapes the default endpoint policy; with endpointPolicy given, scope that policy yourself');
    }
    for (const [i, statement] of (props.additionalKeyPolicyStatements ?? []).entries()) {
      if (!statement.hasPrincipal) {
        throw new Error(`additionalKeyPolicyStatements[${i}] has no principal; key policy statements need one (e.g. new iam.AccountRootPrincipal())`);
      }
    }
    if (props.endpointPolicy) {
      const problems = props.endpointPolicy.validate(this, EndpointPolicyTarget.INTERFACE);
      if (problems.length > 0) throw new Error(`endpointPolicy: ${problems.join('; ')}`);
    }
    this.warnOnSourceIp([...(props.additionalKeyPolicyStatements ?? []), ...(props.endpointPolicy?.statements ?? [])]);
    if (exemption._kind === 'NONE') {
      Annotations.of(this).addWarningV2('cdk-privatelink:PrivateKmsAccess.noServiceExemption',
        'awsServiceExemption is none(): AWS services that use the keys on a caller\'s behalf (S3, EBS, CloudFormation updates to the key) '
        + 'call KMS from outside the endpoint and will be refused');
    }

    // The key comes first so the endpoint policy can name it; its key policy statements follow the endpoint.
    if (props.createKey) {
      this.key = new kms.Key(this, 'Key', {
        description: `Customer managed key used through the KMS endpoint of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
        alias: props.keyAlias,
      });
      // Grants only for AWS services acting on AWS resources (Control Tower CT.KMS.PR.3).
      this.key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'GrantsOnlyForAwsResources',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }));
    }
    const initialKeys = [...(this.key ? [this.key] : []), ...(props.keys ?? []).map(k => keyBehind(k, 'keys'))];
    this.serviceRegion = props.serviceRegion;
    for (const key of initialKeys) this.checkKeyRegion(key, key === this.key ? 'createKey' : 'keys');

    this.endpointPolicyKeysOnly = props.endpointPolicy === undefined && (props.endpointPolicyKeysOnly ?? hasKeysAtStart);
    let endpointPolicy = props.endpointPolicy;
    if (!endpointPolicy) {
      endpointPolicy = this.endpointPolicyKeysOnly
        ? EndpointPolicy.fromStatements([
          ...initialKeys.map(k => this.endpointStatementFor(k)).filter((x): x is iam.PolicyStatement => x !== undefined),
          accountStatement(Stack.of(this).account, ACCOUNT_LEVEL_READ_ACTIONS, ['*']),
        ])
        : EndpointPolicy.fromStatements([accountStatement(Stack.of(this).account, ['kms:*'], ['*'])]);
    }

    this.endpoint = new InterfaceEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      service: props.fips ? ec2.InterfaceVpcEndpointAwsService.KMS_FIPS : ec2.InterfaceVpcEndpointAwsService.KMS,
      subnets: props.subnets,
      allowedPeers: props.allowedPeers,
      privateDnsEnabled: true,
      serviceRegion: props.serviceRegion,
      policy: endpointPolicy,
    });
    this.connections = this.endpoint.connections;

    this.keyPolicyInput = {
      mode: this.mode,
      managementExemptPrincipalArns: this.mode === KmsAccessMode.SPLIT_ADMINISTRATION ? this.deploymentRoles(props) : [],
      endpointIds: [this.endpoint.vpcEndpointId, ...(props.additionalSourceVpceIds ?? [])],
      usageVpcIds: props.usageVpcIds ?? [props.vpc.vpcId],
      adminVpcId: props.adminVpcId,
      restricted,
      management,
      exemption,
      region: props.serviceRegion ?? Stack.of(this).region,
      domainSuffix: domainSuffixOf(props.serviceRegion ?? Stack.of(this).region),
      additional: props.additionalKeyPolicyStatements ?? [],
    };
    this.statements = keyPolicyStatements(this.keyPolicyInput);

    for (const key of initialKeys) this.bindKey(key, key === this.key ? 'createKey' : 'keys');
    this.node.addValidation({ validate: () => this.keyPolicySizeProblems() });

    this.dnsNameOutput = new CfnOutput(this, 'EndpointDnsName', {
      description: 'Regional DNS name of the KMS interface endpoint (private DNS also answers for kms.<region>.amazonaws.com)',
      value: Fn.select(1, Fn.split(':', Fn.select(0, this.endpoint.dnsEntries))),
    });
  }

  /**
   * Binds another key: its policy gets the network restrictions (or, for an imported key, they are
   * published in the `KeyPolicyStatements` output), and a keys-only endpoint policy covers it.
   */
  public addKey(key: kms.IKey): void {
    key = keyBehind(key, 'addKey');
    if (this.boundKeys.includes(key)) return;
    this.checkKeyRegion(key, 'addKey');
    if (this.endpointPolicyKeysOnly) {
      const statement = this.endpointStatementFor(key);
      if (statement) this.endpoint.addToPolicy(statement);
    }
    this.bindKey(key, 'addKey');
  }

  /**
   * The endpoint policy statement that lets this account's principals use `key` through the endpoint.
   *
   * A key defined in this app cannot be named by ARN: its policy names the endpoint, so the two
   * resources would depend on each other. Such keys get a tag instead, and one statement matches
   * the tag (returned once); imported keys are named by ARN.
   */
  private endpointStatementFor(key: kms.IKey): iam.PolicyStatement | undefined {
    const account = Stack.of(this).account;
    if (!(key.node.defaultChild instanceof kms.CfnKey)) {
      // One statement lists every imported key: a statement per key reaches the 20,480-character
      // endpoint policy limit at about 95 keys.
      if (this.importedKeysStatement) {
        this.importedKeysStatement.addResources(key.keyArn);
        return undefined;
      }
      this.importedKeysStatement = accountStatement(account, ['kms:*'], [key.keyArn]);
      return this.importedKeysStatement;
    }
    const owner = KEY_TAG_OWNERS.get(key) ?? this.node.path;
    KEY_TAG_OWNERS.set(key, owner);
    const tagKey = owner === this.node.path ? KEY_TAG : `${KEY_TAG}:${this.node.addr}`;
    Tags.of(key).add(tagKey, this.node.addr);
    if (this.tagStatementKeys.has(tagKey)) return undefined;
    this.tagStatementKeys.add(tagKey);
    // The tag is public knowledge: bind the statement to keys of this account too, or a key in any
    // account that carries the tag would be reachable through the endpoint.
    return accountStatement(account, ['kms:*'], ['*'], {
      'aws:ResourceAccount': [account],
      [`aws:ResourceTag/${tagKey}`]: this.node.addr,
    });
  }

  /** Rule: a key policy holds at most 32,768 characters (KMS quota); the bound statements count. */
  private keyPolicySizeProblems(): string[] {
    const problems: string[] = [];
    for (const key of this.boundKeys) {
      const cfn = key.node.defaultChild;
      // A key bound by several constructs is measured once, by the one that added its statements.
      if (!(cfn instanceof kms.CfnKey) || KEY_RESTRICTIONS.get(key)?.ownerPath !== this.node.path) continue;
      const policy = Stack.of(key).resolve(cfn.keyPolicy);
      const json = JSON.stringify(policy);
      // With references left (account, Region, endpoint ids), measure the longest the policy can deploy as;
      // where one cannot be bounded, the synthesized text is the estimate.
      const bound = /"(Ref|Fn::[A-Za-z]+)":/.test(json) ? maxJsonLength(policy, resourceTypesOf(key)) : undefined;
      const size = bound ?? json.length;
      if (size > KEY_POLICY_MAX_CHARS) {
        const figure = bound === undefined ? `is about ${size} characters` : `can reach ${size} characters once deployed (an upper bound)`;
        problems.push(`the key policy of ${key.node.path} ${figure} with the statements bound by ${this.node.path}, `
          + `over the ${KEY_POLICY_MAX_CHARS} KMS allows; list fewer usageVpcIds or additionalSourceVpceIds, or split the keys`);
      }
    }
    return problems;
  }

  /**
   * Rule: with `serviceRegion` the endpoint reaches KMS in another Region, so a key defined in this
   * stack's Region cannot be used through it (and its `kms:ViaService` values would name the wrong
   * Region). Skipped where either Region is a token.
   */
  private checkKeyRegion(key: kms.IKey, prop: string): void {
    const serviceRegion = this.serviceRegion;
    if (serviceRegion === undefined || Token.isUnresolved(serviceRegion)) return;
    if (!(key.node.defaultChild instanceof kms.CfnKey)) return;
    const keyRegion = Stack.of(key).region;
    if (Token.isUnresolved(keyRegion) || keyRegion === serviceRegion) return;
    throw new Error(`${prop}: key ${key.node.path} is created in ${keyRegion}, but serviceRegion '${serviceRegion}' makes the endpoint `
      + `reach KMS in ${serviceRegion}, where that key does not exist; bind keys of ${serviceRegion} (by ARN) or drop serviceRegion`);
  }

  private bindKey(key: kms.IKey, prop: string): void {
    this.boundKeys.push(key);
    if (key.node.defaultChild instanceof kms.CfnKey) {
      this.restrictKey(key, prop);
      return;
    }
    const added = this.statements.map(s => key.addToResourcePolicy(s).statementAdded);
    if (added.some(a => !a)) {
      this.importedKeys.push(key);
      const earlier = IMPORTED_KEY_BINDERS.get(key);
      if (earlier !== undefined) {
        Annotations.of(this).addWarningV2('cdk-privatelink:PrivateKmsAccess.importedKeyBoundTwice',
          `key ${key.node.path} is also bound by ${earlier}; apply one set of deny statements to it that lists the endpoints `
          + '(or VPCs) of both constructs, because two denies that each name one endpoint refuse every direct request');
      } else {
        IMPORTED_KEY_BINDERS.set(key, this.node.path);
      }
      Annotations.of(this).addInfo(`key ${key.node.path} is imported, so its key policy cannot be changed here; apply the statements `
        + `from the ${this.node.path} KeyPolicyStatements output (or keyPolicyStatements()) to it`);
      this.keyPolicyOutput ??= new CfnOutput(this, 'KeyPolicyStatements', {
        description: 'Key policy statements to add to imported keys so they are only usable through the KMS endpoint',
        value: Stack.of(this).toJsonString(this.statements.map(s => s.toStatementJson())),
      });
    }
  }

  /**
   * Adds the deny statements to the policy of a key defined in this app, or, when another
   * PrivateKmsAccess already did, adds this construct's endpoints (or usage VPCs) to them.
   */
  private restrictKey(key: kms.IKey, prop: string): void {
    const own = mergedValues(this.keyPolicyInput);
    const signature = JSON.stringify(Stack.of(key).resolve(
      keyPolicyStatements({ ...this.keyPolicyInput, ...withMergedValues(this.keyPolicyInput, ['<merged>']), additional: [] })
        .map(st => st.toStatementJson())));
    const shared = KEY_RESTRICTIONS.get(key);
    if (shared !== undefined) {
      if (shared.signature !== signature) {
        throw new Error(`${prop}: key ${key.node.path} is already bound by ${shared.ownerPath} with other restrictions; constructs that bind one key `
          + 'must agree on mode, restrictedActions, managementActions, adminVpcId, awsServiceExemption and serviceRegion, '
          + 'so that one deny statement can list the endpoints (or usage VPCs) of all of them');
      }
      shared.values.push(...own);
      for (const statement of this.keyPolicyInput.additional) key.addToResourcePolicy(statement);
      return;
    }
    const values = [...own];
    KEY_RESTRICTIONS.set(key, { ownerPath: this.node.path, signature, values });
    const merged = Lazy.list({ produce: () => uniqueResolved(key, values) });
    for (const statement of keyPolicyStatements({ ...this.keyPolicyInput, ...withMergedValues(this.keyPolicyInput, merged) })) {
      key.addToResourcePolicy(statement);
    }
  }

  /**
   * The statements this construct adds to key policies, for keys it cannot edit.
   */
  public keyPolicyStatements(): iam.PolicyStatement[] {
    return this.statements.map(s => s.copy());
  }

  /** The keys bound so far. */
  public get keys(): kms.IKey[] {
    return [...this.boundKeys];
  }

  /**
   * Gives `grantee` encrypt and decrypt permissions on the bound keys (the IAM side; the key
   * policies enforce the network side). Keys bound later need another grant.
   */
  public grantEncryptDecrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, [...new Set([...ENCRYPT_ACTIONS, ...DECRYPT_ACTIONS])]);
  }

  /** Gives `grantee` encrypt permissions on the bound keys. */
  public grantEncrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ENCRYPT_ACTIONS);
  }

  /** Gives `grantee` decrypt permissions on the bound keys. */
  public grantDecrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, DECRYPT_ACTIONS);
  }

  private grant(grantee: iam.IGrantable, actions: string[]): iam.Grant {
    if (this.boundKeys.length === 0) {
      throw new Error('no keys are bound, so there is nothing to grant; pass keys or createKey: true, or call addKey() first');
    }
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: this.boundKeys.map(k => k.keyArn) });
  }

  /** The principals that deploy this stack, exempt from the admin-VPC condition. */
  private deploymentRoles(props: PrivateKmsAccessProps): string[] {
    if (props.managementExemptPrincipalArns !== undefined) return props.managementExemptPrincipalArns;
    const role = cloudFormationExecutionRoleArn(this);
    if (role !== undefined) return [role];
    Annotations.of(this).addWarningV2('cdk-privatelink:PrivateKmsAccess.deploymentRole',
      'SPLIT_ADMINISTRATION: the CloudFormation execution role of this stack is not known (not the DefaultStackSynthesizer); '
      + 'pass managementExemptPrincipalArns, or deployments through a CloudFormation service role will be refused key management');
    return [];
  }

  private warnOnSourceIp(statements: iam.PolicyStatement[]): void {
    const json = JSON.stringify(statements.map(s => s.toStatementJson()));
    if (/"aws:sourceip"/i.test(json)) {
      Annotations.of(this).addWarningV2('cdk-privatelink:PrivateKmsAccess.sourceIp',
        'a statement uses aws:SourceIp, which never matches requests that arrive through a VPC endpoint; '
        + 'use aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp instead');
    }
  }
}

/**
 * The key an entry of `keys` (or `addKey`) stands for. KMS authorizes on the key ARN, so an alias
 * is replaced by the key it points to; an imported alias does not say which key that is.
 */
function keyBehind(key: kms.IKey, prop: string): kms.IKey {
  if (key instanceof kms.Alias) return key.aliasTargetKey;
  if (!(key.node.defaultChild instanceof kms.CfnKey) && isAliasArnOrName(key.keyArn)) {
    throw new Error(`${prop} contains the alias '${key.keyArn}'; KMS authorizes requests on the key ARN, not the alias ARN: `
      + 'pass the key itself (kms.Key.fromKeyArn with the key ARN) instead of the alias');
  }
  return key;
}

function isAliasArnOrName(arn: string): boolean {
  return !Token.isUnresolved(arn) && /(^|:)alias\//.test(arn);
}

function validateModeProps(props: PrivateKmsAccessProps, mode: KmsAccessMode): void {
  if (mode !== KmsAccessMode.ENDPOINT && props.additionalSourceVpceIds !== undefined) {
    throw new Error(`additionalSourceVpceIds only applies in ENDPOINT mode, got mode ${mode}; use usageVpcIds for VPC-bound modes`);
  }
  if (mode === KmsAccessMode.ENDPOINT && props.usageVpcIds !== undefined) {
    throw new Error('usageVpcIds only applies in VPC and SPLIT_ADMINISTRATION modes; in ENDPOINT mode use additionalSourceVpceIds');
  }
  if (mode !== KmsAccessMode.SPLIT_ADMINISTRATION && props.adminVpcId !== undefined) {
    throw new Error(`adminVpcId only applies in SPLIT_ADMINISTRATION mode, got mode ${mode}`);
  }
  if (mode !== KmsAccessMode.SPLIT_ADMINISTRATION && props.managementActions !== undefined) {
    throw new Error(`managementActions only applies in SPLIT_ADMINISTRATION mode, got mode ${mode}`);
  }
  if (mode === KmsAccessMode.SPLIT_ADMINISTRATION && props.adminVpcId === undefined) {
    throw new Error('adminVpcId is required in SPLIT_ADMINISTRATION mode; give the id of the VPC key administrators work from');
  }
  for (const id of props.additionalSourceVpceIds ?? []) {
    if (!Token.isUnresolved(id) && !/^vpce-[0-9a-f]+$/.test(id)) {
      throw new Error(`additionalSourceVpceIds contains '${id}', which is not a VPC endpoint id; expected e.g. 'vpce-0123456789abcdef0'`);
    }
  }
  for (const [prop, ids] of [['usageVpcIds', props.usageVpcIds ?? []], ['adminVpcId', props.adminVpcId ? [props.adminVpcId] : []]] as const) {
    for (const id of ids) {
      if (!Token.isUnresolved(id) && !/^vpc-[0-9a-f]+$/.test(id)) {
        throw new Error(`${prop} contains '${id}', which is not a VPC id; expected e.g. 'vpc-0123456789abcdef0'`);
      }
    }
  }
  if (props.usageVpcIds !== undefined && props.usageVpcIds.length === 0) {
    throw new Error('usageVpcIds is empty, so no VPC could use the keys; list at least one VPC id or leave it unset');
  }
  // VPC ids compare by their resolved form: `adminVpcId: vpc.vpcId` is the endpoint VPC too.
  const usage = (props.usageVpcIds ?? [props.vpc.vpcId]).map(id => resolvedKey(props.vpc, id));
  if (props.adminVpcId !== undefined && usage.includes(resolvedKey(props.vpc, props.adminVpcId))) {
    throw new Error(`adminVpcId '${describeValue(props.vpc, props.adminVpcId)}' is also in ${props.usageVpcIds ? 'usageVpcIds' : 'the default usageVpcIds (the endpoint VPC)'}; `
      + 'administration and use must come from different VPCs');
  }
}

/**
 * Rule: in ENDPOINT and VPC modes `restrictedActions` only binds cryptographic use (and reads) to
 * the network. Management actions there (`kms:*`, `kms:Put*`, ...) would also deny CloudFormation,
 * which updates the key from outside any VPC, and can lock the deploying role out of the key.
 * SPLIT_ADMINISTRATION mode binds management with the deployment role exempted.
 */
function checkRestrictedActionsAreCrypto(restricted: string[]): void {
  const isRead = (a: string) => /^(Describe|Get|List)/.test(a);
  for (const entry of restricted) {
    const management = matchingKmsActions(entry).filter(a => !KMS_CRYPTO_ACTIONS.includes(a) && !isRead(a)
      && !KMS_ACCOUNT_LEVEL_ACTIONS.includes(a));
    if (management.length > 0) {
      throw new Error(`restrictedActions contains '${entry}', which covers key management (${management.slice(0, 3).map(a => `kms:${a}`).join(', ')}`
        + `${management.length > 3 ? ', …' : ''}); denying it outside the network would also deny CloudFormation and can lock the deploying `
        + 'role out of the key. List cryptographic actions only, or use KmsAccessMode.SPLIT_ADMINISTRATION with managementActions');
    }
  }
}

function actionList(given: string[] | undefined, defaults: string[], prop: string): string[] {
  const actions = given ?? defaults;
  if (actions.length === 0) throw new Error(`${prop} is empty; list KMS actions such as 'kms:Decrypt' or leave it unset`);
  const unknown = unknownKmsActions(actions);
  if (unknown.length > 0) {
    throw new Error(`${prop} contains unknown KMS actions ${unknown.map(a => `'${a}'`).join(', ')}; `
      + "use 'kms:<Action>' names such as 'kms:Decrypt' or patterns such as 'kms:GenerateDataKey*'");
  }
  return actions;
}

/** An endpoint policy statement for principals of `account`, with extra StringEquals conditions. */
function accountStatement(
  account: string, actions: string[], resources: string[], extra: Record<string, string | string[]> = {},
): iam.PolicyStatement {
  return new iam.PolicyStatement({
    principals: [new iam.StarPrincipal()],
    actions,
    resources,
    conditions: { StringEquals: { 'aws:PrincipalAccount': [account], ...extra } },
  });
}

interface KeyPolicyInput {
  readonly mode: KmsAccessMode;
  readonly managementExemptPrincipalArns: string[];
  readonly endpointIds: string[];
  readonly usageVpcIds: string[];
  readonly adminVpcId?: string;
  readonly restricted: string[];
  readonly management: string[];
  readonly exemption: AwsServiceExemption;
  readonly region: string;
  /** DNS suffix of the Region's partition: `amazonaws.com`, `amazonaws.com.cn`, ... */
  readonly domainSuffix: string;
  /** `additionalKeyPolicyStatements`, added after the deny statements. */
  readonly additional: iam.PolicyStatement[];
}

/** The values that a key shared by several constructs merges: endpoint ids or usage VPC ids. */
function mergedValues(input: KeyPolicyInput): string[] {
  return input.mode === KmsAccessMode.ENDPOINT ? input.endpointIds : input.usageVpcIds;
}

function withMergedValues(input: KeyPolicyInput, values: string[]): Partial<KeyPolicyInput> {
  return input.mode === KmsAccessMode.ENDPOINT ? { endpointIds: values } : { usageVpcIds: values };
}

/** `values` without repeats, compared by resolved form (the same endpoint id listed twice counts once). */
function uniqueResolved(scope: Construct, values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter(value => {
    const key = resolvedKey(scope, value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The DNS suffix of a Region's service endpoints, which `kms:ViaService` values end in: the
 * literal one for a known Region, else the deploying partition's `AWS::URLSuffix`.
 */
function domainSuffixOf(region: string): string {
  const known = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).domainSuffix;
  return known ?? Aws.URL_SUFFIX;
}

/** The deny statements that bind key use (and, in split mode, management) to the endpoint or VPCs. */
function keyPolicyStatements(input: KeyPolicyInput): iam.PolicyStatement[] {
  const deny = (sid: string, actions: string[], key: string, values: string[], exemptPrincipals: string[] = []) => {
    const notEquals: Record<string, string[]> = { [key]: values };
    const conditions: Record<string, Record<string, unknown>> = { StringNotEquals: notEquals };
    if (exemptPrincipals.length > 0) conditions.ArnNotEquals = { 'aws:PrincipalArn': exemptPrincipals };
    if (input.exemption._kind === 'ALL') {
      conditions.BoolIfExists = { 'aws:ViaAWSService': 'false', 'aws:PrincipalIsAWSService': 'false' };
    } else if (input.exemption._kind === 'VIA') {
      notEquals['kms:ViaService'] = input.exemption._services.map(s => `${s}.${input.region}.${input.domainSuffix}`);
      conditions.BoolIfExists = { 'aws:PrincipalIsAWSService': 'false' };
    }
    return new iam.PolicyStatement({
      sid, effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions, resources: ['*'], conditions,
    });
  };
  const denies = (): iam.PolicyStatement[] => {
    switch (input.mode) {
      case KmsAccessMode.ENDPOINT:
        return [deny('DenyUseOutsideVpcEndpoint', input.restricted, 'aws:SourceVpce', input.endpointIds)];
      case KmsAccessMode.VPC:
        return [deny('DenyUseOutsideVpcs', input.restricted, 'aws:SourceVpc', input.usageVpcIds)];
      case KmsAccessMode.SPLIT_ADMINISTRATION:
        return [
          deny('DenyManagementOutsideAdminVpc', input.management, 'aws:SourceVpc', [input.adminVpcId!], input.managementExemptPrincipalArns),
          deny('DenyUseOutsideUsageVpcs', input.restricted, 'aws:SourceVpc', input.usageVpcIds),
        ];
    }
  };
  return [...denies(), ...input.additional];
}
