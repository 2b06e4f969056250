import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { EndpointPolicy } from '../../src/endpoints/endpoint-policy';
import { GatewayEndpoint } from '../../src/endpoints/gateway-endpoint';
import { InterfaceEndpoint } from '../../src/endpoints/interface-endpoint';
import { agnosticStack, envStack, errorMessageOf, isolatedVpc } from '../fixtures';

/*
 * Property-based tests of the endpoint-policy rules through the constructs: generated statements
 * (principals, condition operators and keys, values with wildcards, ARNs) on interface and gateway
 * endpoints, in stacks with env and without. Whatever the construct accepts synthesizes a
 * PolicyDocument that obeys the rules, as judged by the small checker below (written apart from
 * the library's); whatever it rejects is refused with a message that names the `policy` prop.
 */
const RUNS: fc.Parameters<unknown> = { seed: 20261201, numRuns: 80 };

const SYSTEM_KEYS = ['aws:SourceVpce', 'aws:PrincipalAccount', 'aws:SourceVpc', 'aws:PrincipalOrgID'];
const OTHER_KEYS = ['aws:PrincipalTag/team', 's3:prefix', 'aws:userid'];
const OPERATORS = ['StringEquals', 'StringLike', 'StringNotLike', 'ForAnyValue:StringLike', 'NumericLessThan', 'ArnLike'];

/** Text made of literal runs and wildcards, such as `team-*` or `*a*`. */
const patterns = fc.array(fc.oneof(fc.constantFrom('*', '?'), fc.stringMatching(/^[a-z0-9-]{1,8}$/)), { minLength: 1, maxLength: 4 })
  .map(parts => parts.join(''));
const arns = fc.tuple(fc.constantFrom('111111111111', '*', '1111*', '11111111111?'), patterns)
  .map(([account, name]) => `arn:aws:iam::${account}:role/${name}`);

interface GeneratedStatement {
  readonly principal: 'star' | 'account' | 'arn';
  readonly operator: string;
  readonly key: string;
  readonly value: string;
}

/**
 * Values weighted so that about half the policies obey the rules: long literals, wildcards after six characters and after
 * fewer, any pattern, ARNs.
 */
const longLiteral = fc.stringMatching(/^[a-z0-9-]{6,12}$/);
const values = fc.oneof(
  { arbitrary: longLiteral, weight: 4 },
  { arbitrary: fc.tuple(longLiteral, fc.constantFrom('*', '?')).map(([text, wildcard]) => `${text}${wildcard}`), weight: 2 },
  { arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,5}$/), fc.constantFrom('*', '?')).map(([text, wildcard]) => `${text}${wildcard}`), weight: 1 },
  { arbitrary: patterns, weight: 2 },
  { arbitrary: arns, weight: 2 },
);

const statements: fc.Arbitrary<GeneratedStatement> = fc.record({
  principal: fc.oneof({ arbitrary: fc.constant('star' as const), weight: 4 }, fc.constantFrom('account' as const, 'arn' as const)),
  operator: fc.constantFrom(...OPERATORS),
  key: fc.oneof({ arbitrary: fc.constantFrom(...OTHER_KEYS), weight: 2 }, fc.constantFrom(...SYSTEM_KEYS)),
  value: values,
});

function toStatement(s: GeneratedStatement): iam.PolicyStatement {
  const principal = s.principal === 'star' ? new iam.StarPrincipal()
    : s.principal === 'account' ? new iam.AccountPrincipal('111111111111') : new iam.ArnPrincipal('arn:aws:iam::111111111111:role/app');
  return new iam.PolicyStatement({
    principals: [principal], actions: ['s3:GetObject'], resources: ['*'], conditions: { [s.operator]: { [s.key]: s.value } },
  });
}

/** The checker: the rules of the guide, applied to what was generated. */
function obeysRules(generated: GeneratedStatement[], gateway: boolean): boolean {
  return generated.every(s => {
    if (gateway && s.principal !== 'star') return false;
    const wildcard = /[*?]/.test(s.value);
    const system = SYSTEM_KEYS.includes(s.key);
    if (system && (wildcard || s.operator.startsWith('Numeric'))) return false;
    if (/String/.test(s.operator) && wildcard) {
      // Each wildcard needs six non-wildcard characters right before it or right after it.
      for (let i = 0; i < s.value.length; i++) {
        if (!/[*?]/.test(s.value[i])) continue;
        const before = /[^*?]*$/.exec(s.value.slice(0, i))![0].length;
        const after = /^[^*?]*/.exec(s.value.slice(i + 1))![0].length;
        if (before < 6 && after < 6) return false;
      }
    }
    // An ARN's account part is an account id or only wildcards.
    const account = s.value.startsWith('arn:') ? s.value.split(':')[4] : '';
    return !(/[*?]/.test(account) && /[^*?]/.test(account));
  });
}

/** Whether a synthesized principal is `*`. */
function isStar(principal: unknown): boolean {
  return principal === '*' || (typeof principal === 'object' && principal !== null && (principal as any).AWS === '*');
}

describe('endpoint-policy rules over generated statements (fast-check)', () => {
  test.each([['interface', false], ['gateway', true]] as const)('a %s endpoint accepts exactly the policies that obey the rules', (_name, gateway) => {
    const cases = fc.tuple(fc.boolean(), fc.array(statements, { minLength: 1, maxLength: 2 }));
    fc.assert(fc.property(cases, ([env, generated]) => {
      const stack: Stack = env ? envStack() : agnosticStack();
      const vpc = isolatedVpc(stack, { maxAzs: 2 });
      const policy = EndpointPolicy.fromStatements(generated.map(toStatement));
      const create = () => (gateway
        ? new GatewayEndpoint(stack, 'Endpoint', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, policy })
        : new InterfaceEndpoint(stack, 'Endpoint', { vpc, service: ec2.InterfaceVpcEndpointAwsService.KMS, policy }));

      if (obeysRules(generated, gateway)) {
        create();
        const endpoint = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))[0] as any;
        const synthesized: any[] = endpoint.Properties.PolicyDocument.Statement;
        expect(synthesized).toHaveLength(generated.length);
        synthesized.forEach(st => {
          expect(st.Principal).toBeDefined();
          if (gateway) expect(isStar(st.Principal)).toBe(true);
        });
      } else {
        expect(errorMessageOf(create)).toMatch(/^policy: (gateway )?endpoint policy statement \d/);
      }
    }), RUNS);
  });
});
