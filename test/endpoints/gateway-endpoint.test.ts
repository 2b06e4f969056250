import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EndpointPolicy } from '../../src/endpoints/endpoint-policy';
import { GatewayEndpoint, GatewayEndpointProps } from '../../src/endpoints/gateway-endpoint';
import { acknowledgeVpcFlowLogs, agnosticStack, envStack, errorMessageOf, isolatedVpc, STACK_KINDS } from '../fixtures';
import { expectCleanSynth } from '../harness';

const S3 = ec2.GatewayVpcEndpointAwsService.S3;
const DYNAMODB = ec2.GatewayVpcEndpointAwsService.DYNAMODB;
const IP = ec2.VpcEndpointIpAddressType;
const DNS = ec2.VpcEndpointDnsRecordIpType;

/** A VPC with public and isolated subnets in three Availability Zones: six route tables. */
function newVpc(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  return isolatedVpc(stack, {
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    ...props,
  });
}

function s3Endpoint(stack: Stack, vpc: ec2.IVpc, props: Partial<GatewayEndpointProps> = {}, id = 'S3'): GatewayEndpoint {
  return new GatewayEndpoint(stack, id, { vpc, service: S3, ...props });
}

function routeTableIdsOf(stack: Stack, subnets: ec2.ISubnet[]): unknown[] {
  return subnets.map(s => stack.resolve(s.routeTable.routeTableId));
}

describe('GatewayEndpoint defaults', () => {
  test('routes every subnet route table of the VPC to the service', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    s3Endpoint(stack, vpc);

    // THEN
    const all = routeTableIdsOf(stack, [...vpc.publicSubnets, ...vpc.isolatedSubnets]);
    expect(all).toHaveLength(6);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      RouteTableIds: Match.arrayEquals(all),
      VpcId: stack.resolve(vpc.vpcId),
    });
  });

  test('renders the Regional S3 service name and no policy, IP address type or DNS options', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    s3Endpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      PolicyDocument: Match.absent(),
      IpAddressType: Match.absent(),
      DnsOptions: Match.absent(),
    });
  });

  test('node.defaultChild is the CfnVPCEndpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = s3Endpoint(stack, vpc);

    // THEN
    expect(endpoint.node.defaultChild).toBeInstanceOf(ec2.CfnVPCEndpoint);
    expect(endpoint.node.defaultChild).toBe(endpoint.endpoint.node.defaultChild);
  });

  test('exposes the endpoint id, service name and route table ids', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = s3Endpoint(stack, vpc);

    // THEN
    const cfn = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    expect(stack.resolve(endpoint.vpcEndpointId)).toEqual({ Ref: stack.getLogicalId(cfn) });
    expect(endpoint.serviceName).toBe(S3.name);
    expect(stack.resolve(endpoint.routeTableIds)).toEqual(routeTableIdsOf(stack, [...vpc.publicSubnets, ...vpc.isolatedSubnets]));
  });

  test('passes the template-quality checks with its defaults', () => {
    // GIVEN
    const stack = agnosticStack('Clean');
    const vpc = isolatedVpc(stack, { cidr: '10.20.0.0/16', maxAzs: 2 });
    acknowledgeVpcFlowLogs(vpc, 'Flow logs are outside this test: it checks the endpoint constructs only');

    // WHEN
    new GatewayEndpoint(stack, 'S3', { vpc, service: S3 });
    const result = expectCleanSynth(stack);

    // THEN
    expect(result.failures).toEqual([]);
    expect(result.findings.filter(f => f.constructPath?.startsWith('Clean/S3') && !f.acknowledged && f.severity !== 'info')).toEqual([]);
  });
});

describe('GatewayEndpoint subnets', () => {
  test('a subnet selection limits the route tables', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    const endpoint = s3Endpoint(stack, vpc, { subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

    // THEN
    const isolated = routeTableIdsOf(stack, vpc.isolatedSubnets);
    expect(stack.resolve(endpoint.routeTableIds)).toEqual(isolated);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: Match.arrayEquals(isolated) });
  });

  test.each(STACK_KINDS)('fails when two S3 gateway endpoints share a route table (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    s3Endpoint(stack, vpc, { subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }, 'First');

    // WHEN / THEN: the route table as a reference to its resource; aws-cdk-lib names gateway services
    // after the deploy-time Region (AWS::Region) in every stack
    const service = 'com.amazonaws.${AWS::Region}.s3';
    const routeTable = `\${${stack.resolve(vpc.isolatedSubnets[0].routeTable.routeTableId).Ref}}`;
    expect(errorMessageOf(() => s3Endpoint(stack, vpc, {}, 'Second')))
      .toBe(`subnets select route table ${routeTable}, which already routes ${service} through gateway endpoint Stack/First; `
        + 'a route table can use one gateway endpoint per service, select other subnets');
  });

  test.each(STACK_KINDS)('fails when an S3 gateway endpoint reuses a route table routed by an aws-cdk-lib GatewayVpcEndpoint for S3 (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    vpc.addGatewayEndpoint('PlainS3', { service: S3 });

    // WHEN / THEN: both would add an S3 prefix-list route to the same route tables
    const routeTable = `\${${stack.resolve(vpc.publicSubnets[0].routeTable.routeTableId).Ref}}`;
    expect(errorMessageOf(() => {
      s3Endpoint(stack, vpc);
      Template.fromStack(stack);
    })).toMatch(`[Stack/S3] subnets select route table ${routeTable}, which already routes com.amazonaws.\${AWS::Region}.s3 `
      + 'through gateway endpoint Stack/Vpc/PlainS3/Resource; a route table can use one gateway endpoint per service, select other subnets');
  });

  test('S3 and DynamoDB gateway endpoints may share route tables', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    s3Endpoint(stack, vpc);

    // WHEN
    new GatewayEndpoint(stack, 'DynamoDb', { vpc, service: DYNAMODB });

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  });

  test('two S3 gateway endpoints on disjoint subnets are accepted', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    s3Endpoint(stack, vpc, { subnets: [{ subnetType: ec2.SubnetType.PUBLIC }] }, 'Public');

    // WHEN
    s3Endpoint(stack, vpc, { subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }, 'Isolated');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: Match.arrayEquals(routeTableIdsOf(stack, vpc.publicSubnets)) });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: Match.arrayEquals(routeTableIdsOf(stack, vpc.isolatedSubnets)) });
  });

  test('S3 gateway endpoints in different VPCs do not clash', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);
    const other = new ec2.Vpc(stack, 'Other', {
      natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    s3Endpoint(stack, vpc);

    // WHEN
    s3Endpoint(stack, other, {}, 'OtherS3');

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 2);
  });
});

describe('GatewayEndpoint IP address type', () => {
  test('passes ipAddressType and dnsRecordIpType to the endpoint', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

    // WHEN
    s3Endpoint(stack, vpc, { ipAddressType: IP.DUALSTACK, dnsRecordIpType: DNS.DUALSTACK });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: 'dualstack',
      DnsOptions: { DnsRecordIpType: 'dualstack' },
    });
  });

  test.each(STACK_KINDS)('fails when ipAddressType is dualstack and the selected subnets have no IPv6 range (%s)', (_kind, newStack) => {
    // GIVEN: an IPv4-only VPC
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN: dualstack needs subnets with both IPv4 and IPv6 ranges
    expect(errorMessageOf(() => {
      s3Endpoint(stack, vpc, { ipAddressType: IP.DUALSTACK });
      Template.fromStack(stack);
    })).toMatch(/ipAddressType/);
  });
});

describe('GatewayEndpoint policy principals', () => {
  test.each(STACK_KINDS)('fails naming policy when a policy statement has no Principal (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const policy = EndpointPolicy.fromStatements([new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })]);

    // WHEN / THEN
    expect(errorMessageOf(() => s3Endpoint(stack, vpc, { policy }))).toMatch(/^policy statement 1 has no Principal; /);
  });
});

describe('GatewayEndpoint DNS record IP type', () => {
  test.each(STACK_KINDS.flatMap(([kind, newStack]) => [IP.IPV6, IP.DUALSTACK].map(ip => [ip, kind, newStack] as const)))(
    'fails for DynamoDB with ipAddressType %s: DynamoDB gateway endpoints are IPv4 only (%s)', (ip, _kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => new GatewayEndpoint(stack, 'DynamoDb', { vpc, service: DYNAMODB, ipAddressType: ip })))
        .toBe(`ipAddressType '${ip}' is not available for DynamoDB gateway endpoints, which carry IPv4 traffic only; `
          + "leave ipAddressType unset (or 'ipv4')");
    });

  test.each(STACK_KINDS)('fails for DynamoDB with dnsRecordIpType ipv4 (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);

    // WHEN / THEN
    expect(errorMessageOf(() => new GatewayEndpoint(stack, 'DynamoDb', { vpc, service: DYNAMODB, dnsRecordIpType: DNS.IPV4 })))
      .toMatch(/dnsRecordIpType 'ipv4' is not available for DynamoDB gateway endpoints/);
  });

  test('accepts DynamoDB with dnsRecordIpType service-defined', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    new GatewayEndpoint(stack, 'DynamoDb', { vpc, service: DYNAMODB, dnsRecordIpType: DNS.SERVICE_DEFINED });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      DnsOptions: { DnsRecordIpType: 'service-defined' },
    });
  });

  test.each(STACK_KINDS.flatMap(([kind, newStack]) => ([
    [IP.IPV4, DNS.IPV6],
    [IP.IPV4, DNS.DUALSTACK],
    [IP.IPV6, DNS.IPV4],
    [IP.IPV6, DNS.DUALSTACK],
  ] as const).map(([ipAddressType, dnsRecordIpType]) => [ipAddressType, dnsRecordIpType, kind, newStack] as const)))(
    'fails with ipAddressType %s and dnsRecordIpType %s (%s)', (ipAddressType, dnsRecordIpType, _kind, newStack) => {
      // GIVEN
      const stack = newStack();
      const vpc = newVpc(stack);

      // WHEN / THEN
      expect(errorMessageOf(() => s3Endpoint(stack, vpc, { ipAddressType, dnsRecordIpType })))
        .toMatch(new RegExp(`dnsRecordIpType '${dnsRecordIpType}' does not work with ipAddressType '${ipAddressType}' on gateway endpoints`));
    });

  test.each([
    [IP.IPV4, DNS.IPV4],
    [IP.IPV4, DNS.SERVICE_DEFINED],
  ])('accepts ipAddressType %s with dnsRecordIpType %s', (ipAddressType, dnsRecordIpType) => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    s3Endpoint(stack, vpc, { ipAddressType, dnsRecordIpType });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: ipAddressType,
      DnsOptions: { DnsRecordIpType: dnsRecordIpType },
    });
  });

  test('accepts the default ipAddressType (ipv4) with dnsRecordIpType ipv4', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    s3Endpoint(stack, vpc, { dnsRecordIpType: DNS.IPV4 });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      IpAddressType: Match.absent(),
      DnsOptions: { DnsRecordIpType: 'ipv4' },
    });
  });

  test.each([DNS.IPV4, DNS.IPV6, DNS.DUALSTACK, DNS.SERVICE_DEFINED])(
    'accepts ipAddressType dualstack with dnsRecordIpType %s', (dnsRecordIpType) => {
      // GIVEN
      const stack = envStack();
      const vpc = newVpc(stack, { ipProtocol: ec2.IpProtocol.DUAL_STACK });

      // WHEN
      s3Endpoint(stack, vpc, { ipAddressType: IP.DUALSTACK, dnsRecordIpType });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
        IpAddressType: 'dualstack',
        DnsOptions: { DnsRecordIpType: dnsRecordIpType },
      });
    });

  test.each(STACK_KINDS)('fails with dnsRecordIpType ipv4 when the VPC has DNS hostnames off (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN / THEN
    expect(errorMessageOf(() => s3Endpoint(stack, vpc, { dnsRecordIpType: DNS.IPV4 })))
      .toMatch(/dnsRecordIpType 'ipv4' needs DNS support and DNS hostnames on the VPC but the VPC has DNS hostnames disabled/);
  });

  test('accepts dnsRecordIpType service-defined when the VPC has DNS hostnames off', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN
    s3Endpoint(stack, vpc, { dnsRecordIpType: DNS.SERVICE_DEFINED });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', { DnsOptions: { DnsRecordIpType: 'service-defined' } });
  });

  test('accepts no dnsRecordIpType when the VPC has DNS hostnames off', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack, { enableDnsHostnames: false });

    // WHEN
    s3Endpoint(stack, vpc);

    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 1);
  });
});

describe('GatewayEndpoint policy', () => {
  test('renders EndpointPolicy.allowPrincipalArns with Principal * and passes the gateway rules', () => {
    // GIVEN
    const stack = envStack();
    const vpc = newVpc(stack);

    // WHEN
    s3Endpoint(stack, vpc, {
      policy: EndpointPolicy.allowPrincipalArns(['arn:aws:iam::111111111111:role/app'], { actions: ['s3:GetObject'] }),
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Condition: { ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/app'] } },
        })],
      },
    });
  });

  test.each(STACK_KINDS)('fails naming policy with a named principal (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const policy = EndpointPolicy.fromStatements([new iam.PolicyStatement({
      principals: [new iam.AccountPrincipal('111111111111')], actions: ['s3:GetObject'], resources: ['*'],
    })]);

    // WHEN / THEN: at construction, naming the prop
    expect(errorMessageOf(() => s3Endpoint(stack, vpc, { policy })))
      .toMatch(/^policy: gateway endpoint policy statement 1 has Principal .*gateway endpoints only accept '\*'/);
  });

  test.each(STACK_KINDS)('fails at synth when a named principal is added later through addToPolicy (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = s3Endpoint(stack, vpc, { policy: EndpointPolicy.allowAccounts(['111111111111']) });

    // WHEN
    endpoint.addToPolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal('arn:aws:iam::111111111111:role/app')], actions: ['s3:GetObject'], resources: ['*'],
    }));

    // THEN
    expect(errorMessageOf(() => Template.fromStack(stack))).toMatch(/gateway endpoint policy statement 2 has Principal/);
  });

  test.each(STACK_KINDS)('fails when a statement without a principal is added through addToPolicy (%s)', (_kind, newStack) => {
    // GIVEN
    const stack = newStack();
    const vpc = newVpc(stack);
    const endpoint = s3Endpoint(stack, vpc);

    // WHEN / THEN
    expect(errorMessageOf(() => {
      endpoint.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      Template.fromStack(stack);
    })).toMatch(/Principal/);
  });
});

describe('GatewayEndpoint import', () => {
  test('fromGatewayEndpointId returns an endpoint with the given id', () => {
    // GIVEN
    const stack = envStack();

    // WHEN
    const endpoint = GatewayEndpoint.fromGatewayEndpointId(stack, 'Imported', 'vpce-0123456789abcdef0');

    // THEN
    expect(endpoint.vpcEndpointId).toBe('vpce-0123456789abcdef0');
  });
});

describe('GatewayEndpoint quota', () => {
  /** `count` gateway endpoints in one VPC, each for its own (custom) service so route tables can be shared. */
  function gatewayEndpoints(count: number): Stack {
    const stack = envStack();
    const vpc = newVpc(stack, { maxAzs: 1 });
    for (let i = 0; i < count; i++) {
      new GatewayEndpoint(stack, `Gw${i}`, {
        vpc,
        service: { name: `com.amazonaws.us-east-1.custom${i}` },
        subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
    }
    return stack;
  }

  test('warns on gateway endpoint number 256 in one VPC', () => {
    // GIVEN / WHEN
    const stack = gatewayEndpoints(256);

    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('quotaExceeded'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/Stack/Gw255');
    // 255 per VPC is a fixed limit: the message must not suggest asking for more.
    expect(warnings[0].entry.data).toMatch(/The VPC now has 256 gateway endpoints, more than the fixed limit of 255 per VPC\. This limit cannot be raised: spread the endpoints over more VPCs\./);
    expect(warnings[0].entry.data).not.toMatch(/increase/);
  });

  test('does not warn at 255 gateway endpoints', () => {
    const stack = gatewayEndpoints(255);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('quotaExceeded'));
  });
});
