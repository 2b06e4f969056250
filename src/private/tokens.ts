import { CfnResource, DefaultStackSynthesizer, Fn, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Tokens are the normal case (a stack without `env` has token AZs, account and Region), so rules
 * compare values by their resolved form and messages show that form as text a user recognises.
 */

/** A value as JSON after token resolution: equal for the same literal or the same intrinsic. */
export function resolvedKey(scope: IConstruct, value: unknown): string {
  return JSON.stringify(Stack.of(scope).resolve(value));
}

/**
 * A value as a user reads it: a literal as it is, a token as its resolved CloudFormation form in
 * short text, e.g. `com.amazonaws.${AWS::Region}.kms`, `AZ[0]` for the Region's first
 * Availability Zone, or `${Subnet1}` for a reference to a resource.
 */
export function describeValue(scope: IConstruct, value: unknown): string {
  if (typeof value === 'string' && !Token.isUnresolved(value)) return value;
  return renderIntrinsic(Stack.of(scope).resolve(value));
}

/** A resolved value (a literal or a CloudFormation intrinsic) as `describeValue` shows it. */
export function describeResolved(value: unknown): string {
  return typeof value === 'string' ? value : renderIntrinsic(value);
}

function renderIntrinsic(v: any): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(renderIntrinsic).join(', ')}]`;
  if ('Ref' in v) return `\${${v.Ref}}`;
  if ('Fn::GetAtt' in v) {
    const [res, attr] = v['Fn::GetAtt'];
    return `\${${res}.${attr}}`;
  }
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'];
    return Array.isArray(parts) ? parts.map(renderIntrinsic).join(sep) : renderIntrinsic(parts);
  }
  if ('Fn::Select' in v) {
    const [index, list] = v['Fn::Select'];
    if (list && typeof list === 'object' && 'Fn::GetAZs' in list) return `AZ[${index}]`;
    return `${renderIntrinsic(list)}[${index}]`;
  }
  if ('Fn::ImportValue' in v) return `\${Import ${renderIntrinsic(v['Fn::ImportValue'])}}`;
  const [fn] = Object.keys(v);
  return `${fn}(${renderIntrinsic(v[fn])})`;
}

/**
 * Looks up the CloudFormation type of a resource in the stack of `scope` by its logical id. The map is
 * built on the first call, so call it at synth (in a validation), when the stack is complete.
 */
export function resourceTypesOf(scope: IConstruct): (logicalId: string) => string | undefined {
  const resource = cfnResourcesOf(scope);
  return (logicalId: string) => resource(logicalId)?.cfnResourceType;
}

/**
 * Looks up a CfnResource in the stack of `scope` by its logical id. The map is built on the first
 * call, so call it once the resources asked about exist.
 */
export function cfnResourcesOf(scope: IConstruct): (logicalId: string) => CfnResource | undefined {
  const stack = Stack.of(scope);
  let resources: Map<string, CfnResource> | undefined;
  return (logicalId: string) => {
    if (resources === undefined) {
      resources = new Map();
      for (const child of stack.node.findAll()) {
        if (CfnResource.isCfnResource(child) && Stack.of(child) === stack) resources.set(stack.resolve(child.logicalId), child);
      }
    }
    return resources.get(logicalId);
  };
}

/** A CloudFormation intrinsic that stayed unresolved, such as { Ref: ... } or { 'Fn::ImportValue': ... }. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Whether a literal looks like an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`); tokens pass. */
export function isArnLike(value: string): boolean {
  return Token.isUnresolved(value) || (value.startsWith('arn:') && value.split(':').length >= 6);
}

/**
 * The role CloudFormation deploys a stack with, when its synthesizer names it (the
 * DefaultStackSynthesizer); undefined otherwise. The synthesizer's ARN carries
 * `${AWS::Partition}`-style placeholders, substituted at deploy time.
 */
export function cloudFormationExecutionRoleArn(scope: IConstruct): string | undefined {
  const synthesizer = Stack.of(scope).synthesizer;
  return synthesizer instanceof DefaultStackSynthesizer ? Fn.sub(synthesizer.cloudFormationExecutionRoleArn) : undefined;
}
