import {
  AcceptVpcEndpointConnectionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  State,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { Construct, IConstruct } from 'constructs';
import { handler as isComplete } from '../../src/gwlb/endpoint-connection-is-complete.lambda';
import { handler as onEvent } from '../../src/gwlb/endpoint-connection-on-event.lambda';
import {
  ENDPOINT_CONNECTION_QUERY_INTERVAL,
  ENDPOINT_CONNECTION_TOTAL_TIMEOUT,
  EndpointConnectionProvider,
} from '../../src/gwlb/endpoint-connection-provider';
import { EndpointConnectionEvent } from '../../src/gwlb/endpoint-connection-types';
import { stateMachineDefinition } from '../fixtures';

// mockClient stubs EC2Client.prototype.send, so the client the isComplete handler creates once and
// keeps in its module variable is mocked too; reset() in beforeEach clears behaviours and calls.
const ec2 = mockClient(EC2Client);

const EP_A = 'vpce-0123456789abcdef0';
const EP_B = 'vpce-0fedcba9876543210';
const EP_C = 'vpce-0ffff00001111aaaa';
const SERVICE = 'vpce-svc-0123456789abcdef0';
const OTHER_SERVICE = 'vpce-svc-0fedcba9876543210';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111111111111:function:gwlb-waiter-token-7f3c9e';
const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/secret?X-Amz-Signature=abc123';
const PROVIDER_ID = 'CdkPrivateLinkEndpointConnectionProvider';
const DESCRIBE = 'ec2:DescribeVpcEndpoints';
const ACCEPT = 'ec2:AcceptVpcEndpointConnections';
const WAITS_PREFIX = 'cdk-privatelink: waits';

type RequestType = 'Create' | 'Update' | 'Delete';

/** An event as the Provider framework passes it, with the fields these handlers ignore too. */
function event(requestType: RequestType, props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): EndpointConnectionEvent {
  return {
    RequestType: requestType,
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: RESPONSE_URL,
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1',
    RequestId: 'request-1',
    LogicalResourceId: 'EndpointConnection',
    ResourceType: 'Custom::GwlbEndpointConnection',
    ResourceProperties: {
      ServiceToken: SERVICE_TOKEN,
      VpcEndpointIds: [EP_B, EP_A],
      ...props,
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: `${EP_A},${EP_B}` }),
    ...extra,
  } as unknown as EndpointConnectionEvent;
}

function endpoint(id: string, state: string): VpcEndpoint {
  return { VpcEndpointId: id, VpcEndpointType: 'GatewayLoadBalancer', State: state as State };
}

function sdkError(name: string, more: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} from the service`), { name, $metadata: {}, ...more });
}

/** The input of every DescribeVpcEndpoints call the mock received. */
function describeInputs(): unknown[] {
  return ec2.commandCalls(DescribeVpcEndpointsCommand).map(c => c.args[0].input);
}

/** The input of every AcceptVpcEndpointConnections call the mock received. */
function acceptInputs(): unknown[] {
  return ec2.commandCalls(AcceptVpcEndpointConnectionsCommand).map(c => c.args[0].input);
}

let log: jest.SpyInstance;

beforeEach(() => {
  ec2.reset();
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  log.mockRestore();
});

/** Everything the handlers logged, one string per console.log call. */
function logged(): string[] {
  return log.mock.calls.map((args: unknown[]) => args.map(a => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
}

describe('onEvent', () => {
  test.each<RequestType>(['Create', 'Update'])('%s returns the sorted, de-duplicated ids as the physical id and calls no API', async requestType => {
    const result = await onEvent(event(requestType, { VpcEndpointIds: [EP_C, EP_A, EP_C, EP_B, EP_A] }));

    expect(result).toEqual({ PhysicalResourceId: `${EP_A},${EP_B},${EP_C}` });
    expect(ec2.calls()).toHaveLength(0);
  });

  test('the physical id does not depend on the order or the repetition of the ids', async () => {
    const first = await onEvent(event('Create', { VpcEndpointIds: [EP_A, EP_B] }));
    const second = await onEvent(event('Create', { VpcEndpointIds: [EP_B, EP_A, EP_B] }));

    expect(first).toEqual({ PhysicalResourceId: `${EP_A},${EP_B}` });
    expect(second).toEqual(first);
  });

  test('update with a new set of endpoints gives a new physical id (replacement)', async () => {
    const result = await onEvent(event('Update', { VpcEndpointIds: [EP_C, EP_A] }, {
      PhysicalResourceId: `${EP_A},${EP_B}`,
      OldResourceProperties: { VpcEndpointIds: [EP_A, EP_B] },
    }));

    expect(result).toEqual({ PhysicalResourceId: `${EP_A},${EP_C}` });
    expect(result.PhysicalResourceId).not.toBe(`${EP_A},${EP_B}`);
  });

  test('update of the accept service only keeps the physical id', async () => {
    const result = await onEvent(event('Update', { AcceptServiceId: OTHER_SERVICE }, {
      OldResourceProperties: { VpcEndpointIds: [EP_A, EP_B], AcceptServiceId: SERVICE },
    }));

    expect(result).toEqual({ PhysicalResourceId: `${EP_A},${EP_B}` });
  });

  test('delete returns the existing physical id and calls no API', async () => {
    const result = await onEvent(event('Delete', {}, { PhysicalResourceId: `${EP_B},${EP_C}` }));

    expect(result).toEqual({ PhysicalResourceId: `${EP_B},${EP_C}` });
    expect(ec2.calls()).toHaveLength(0);
  });

  test('delete succeeds even when the properties are invalid (a failed create is deleted too)', async () => {
    const result = await onEvent(event('Delete', { VpcEndpointIds: 'nonsense', AcceptServiceId: 7 }, { PhysicalResourceId: 'provider-generated-id' }));

    expect(result).toEqual({ PhysicalResourceId: 'provider-generated-id' });
    expect(ec2.calls()).toHaveLength(0);
  });

  test.each([
    ['missing', undefined, 'undefined'],
    ['an empty list', [], '[]'],
    ['a single string instead of a list', EP_A, JSON.stringify(EP_A)],
    ['an id that is not vpce-...', ['eni-0123456789abcdef0'], '["eni-0123456789abcdef0"]'],
    ['a service id', [SERVICE], JSON.stringify([SERVICE])],
    ['upper case hex', ['vpce-0123456789ABCDEF0'], '["vpce-0123456789ABCDEF0"]'],
    ['a valid id next to an invalid one', [EP_A, 'vpce-xyz'], JSON.stringify([EP_A, 'vpce-xyz'])],
    ['a number in the list', [EP_A, 42], JSON.stringify([EP_A, 42])],
  ])('%s as VpcEndpointIds is rejected, naming the property and the value', async (_name, bad, shown) => {
    for (const requestType of ['Create', 'Update'] as const) {
      await expect(onEvent(event(requestType, { VpcEndpointIds: bad }))).rejects.toThrow(
        `VpcEndpointIds must be a non-empty list of VPC endpoint ids (vpce-...), got ${shown}`,
      );
    }
    expect(ec2.calls()).toHaveLength(0);
  });

  test('missing ResourceProperties is rejected, naming VpcEndpointIds', async () => {
    const bad = { RequestType: 'Create' } as unknown as EndpointConnectionEvent;

    await expect(onEvent(bad)).rejects.toThrow('VpcEndpointIds must be a non-empty list of VPC endpoint ids (vpce-...), got undefined');
  });

  test.each([
    ['an endpoint id', EP_A],
    ['no vpce-svc- prefix', 'svc-0123456789abcdef0'],
    ['too short', 'vpce-svc-0123'],
    ['a number', 42],
    ['a list', [SERVICE]],
  ])('%s as AcceptServiceId is rejected, naming the property and the value', async (_name, bad) => {
    for (const requestType of ['Create', 'Update'] as const) {
      await expect(onEvent(event(requestType, { AcceptServiceId: bad }))).rejects.toThrow(
        `AcceptServiceId must be an endpoint service id (vpce-svc-...), got ${JSON.stringify(bad)}`,
      );
    }
  });

  test('an empty AcceptServiceId counts as not given', async () => {
    await expect(onEvent(event('Create', { AcceptServiceId: '' }))).resolves.toEqual({ PhysicalResourceId: `${EP_A},${EP_B}` });
    expect(logged()).toEqual([`Create endpoint connection wait for ${EP_A},${EP_B}`]);
  });

  test('a valid AcceptServiceId is accepted and logged', async () => {
    await expect(onEvent(event('Create', { AcceptServiceId: SERVICE }))).resolves.toEqual({ PhysicalResourceId: `${EP_A},${EP_B}` });
    expect(logged()).toEqual([`Create endpoint connection wait for ${EP_A},${EP_B} (accepting on ${SERVICE})`]);
  });

  test('an unsupported RequestType is rejected', async () => {
    await expect(onEvent(event('Replace' as RequestType))).rejects.toThrow('Unsupported RequestType "Replace"');
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('isComplete', () => {
  describe.each<RequestType>(['Create', 'Update'])('%s', requestType => {
    test('all endpoints Available is complete, describing the sorted, de-duplicated ids once', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_B, 'Available'), endpoint(EP_A, 'Available')] });

      const result = await isComplete(event(requestType, { VpcEndpointIds: [EP_B, EP_A, EP_B] }));

      expect(result).toEqual({ IsComplete: true });
      expect(describeInputs()).toEqual([{ VpcEndpointIds: [EP_A, EP_B], NextToken: undefined }]);
      expect(acceptInputs()).toEqual([]);
      expect(logged()).toEqual([`endpoints ${EP_A}=available ${EP_B}=available, complete=true`]);
    });

    test('one endpoint Pending is not complete', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'Available'), endpoint(EP_B, 'Pending')] });

      await expect(isComplete(event(requestType))).resolves.toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([]);
      expect(logged()).toEqual([`endpoints ${EP_A}=available ${EP_B}=pending, complete=false`]);
    });

    test.each(['', undefined])('PendingAcceptance without AcceptServiceId (%j) is not complete and accepts nothing', async service => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available')] });

      await expect(isComplete(event(requestType, { AcceptServiceId: service }))).resolves.toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([]);
      expect(ec2.calls()).toHaveLength(1);
    });

    test('PendingAcceptance with AcceptServiceId accepts exactly the pending ids on that service, then polls again', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available'), endpoint(EP_C, 'PendingAcceptance')],
      });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({ Unsuccessful: [] });

      const result = await isComplete(event(requestType, { VpcEndpointIds: [EP_C, EP_B, EP_A], AcceptServiceId: SERVICE }));

      expect(result).toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([{ ServiceId: SERVICE, VpcEndpointIds: [EP_A, EP_C] }]);
      expect(logged()).toEqual([
        `accepted ${EP_A},${EP_C} on ${SERVICE}`,
        `endpoints ${EP_A}=pendingacceptance ${EP_B}=available ${EP_C}=pendingacceptance, complete=false`,
      ]);
    });

    test('after the acceptance the next poll completes once the endpoints are available', async () => {
      ec2.on(DescribeVpcEndpointsCommand)
        .resolvesOnce({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'PendingAcceptance')] })
        .resolvesOnce({ VpcEndpoints: [endpoint(EP_A, 'Pending'), endpoint(EP_B, 'Available')] })
        .resolves({ VpcEndpoints: [endpoint(EP_A, 'Available'), endpoint(EP_B, 'Available')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({});

      const props = { AcceptServiceId: SERVICE };
      await expect(isComplete(event(requestType, props))).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(event(requestType, props))).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(event(requestType, props))).resolves.toEqual({ IsComplete: true });
      expect(acceptInputs()).toEqual([{ ServiceId: SERVICE, VpcEndpointIds: [EP_A, EP_B] }]);
      expect(describeInputs()).toHaveLength(3);
    });

    test('an Unsuccessful InvalidVpcEndpoint.NotPending (accepted meanwhile) is fine', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'PendingAcceptance')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({
        Unsuccessful: [{ ResourceId: EP_A, Error: { Code: 'InvalidVpcEndpoint.NotPending', Message: 'not pending' } }],
      });

      await expect(isComplete(event(requestType, { AcceptServiceId: SERVICE }))).resolves.toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([{ ServiceId: SERVICE, VpcEndpointIds: [EP_A, EP_B] }]);
    });

    test('an Unsuccessful InvalidState is a refusal: only InvalidVpcEndpoint.NotPending means already accepted', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({
        Unsuccessful: [{ ResourceId: EP_A, Error: { Code: 'InvalidState', Message: 'not in a state to accept' } }],
      });

      await expect(isComplete(event(requestType, { AcceptServiceId: SERVICE }))).rejects.toThrow(
        `endpoint service ${SERVICE} did not accept ${EP_A} (InvalidState: not in a state to accept)`,
      );
    });

    test('an empty id list throws instead of describing every endpoint of the account', async () => {
      await expect(isComplete(event(requestType, { VpcEndpointIds: [] }))).rejects.toThrow('VpcEndpointIds is empty: nothing to wait for');
      expect(describeInputs()).toEqual([]);
    });

    test('pending acceptance without a service id logs that it waits for the provider', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available')] });

      await expect(isComplete(event(requestType))).resolves.toEqual({ IsComplete: false });
      expect(logged().join('\n')).toContain('waiting for the service provider to accept the connection requests');
    });

    test('any other Unsuccessful code throws, naming the endpoint, the code and the service', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'PendingAcceptance')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({
        Unsuccessful: [
          { ResourceId: EP_A, Error: { Code: 'InvalidVpcEndpoint.NotPending', Message: 'not pending' } },
          { ResourceId: EP_B, Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: 'no such endpoint on this service' } },
        ],
      });

      await expect(isComplete(event(requestType, { AcceptServiceId: SERVICE }))).rejects.toThrow(
        `endpoint service ${SERVICE} did not accept ${EP_B} (InvalidVpcEndpointId.NotFound: no such endpoint on this service)`,
      );
    });

    test.each([
      ['lower case', 'available', true],
      ['upper case', 'AVAILABLE', true],
      ['mixed case', 'aVaiLable', true],
      ['lower case pending', 'pending', false],
    ])('State in %s (%s) is read case-insensitively', async (_name, state, complete) => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, state), endpoint(EP_B, 'Available')] });

      await expect(isComplete(event(requestType))).resolves.toEqual({ IsComplete: complete });
    });

    test('a lower case pendingacceptance is accepted too', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'available'), endpoint(EP_B, 'pendingacceptance')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({ Unsuccessful: [] });

      await expect(isComplete(event(requestType, { AcceptServiceId: SERVICE }))).resolves.toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([{ ServiceId: SERVICE, VpcEndpointIds: [EP_B] }]);
    });

    test('an endpoint without a State is not complete', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: EP_A }, endpoint(EP_B, 'Available')] });

      await expect(isComplete(event(requestType))).resolves.toEqual({ IsComplete: false });
      expect(logged()).toEqual([`endpoints ${EP_A}=unknown ${EP_B}=available, complete=false`]);
    });
  });

  describe('delete', () => {
    test('completes at once without calling the API', async () => {
      ec2.on(DescribeVpcEndpointsCommand).rejects(sdkError('InvalidVpcEndpointId.NotFound'));

      await expect(isComplete(event('Delete', { AcceptServiceId: SERVICE }))).resolves.toEqual({ IsComplete: true });
      expect(ec2.calls()).toHaveLength(0);
    });

    test('an unsupported RequestType is rejected without calling the API', async () => {
      await expect(isComplete(event('Replace' as RequestType))).rejects.toThrow('Unsupported RequestType "Replace"');
      expect(ec2.calls()).toHaveLength(0);
    });
  });

  describe('already gone', () => {
    test.each<RequestType>(['Create', 'Update'])('%s: InvalidVpcEndpointId.NotFound throws "not found", keeping the cause', async requestType => {
      const gone = sdkError('InvalidVpcEndpointId.NotFound');
      ec2.on(DescribeVpcEndpointsCommand).rejects(gone);

      const result = isComplete(event(requestType, { AcceptServiceId: SERVICE }));

      // EC2's own message names the missing endpoint; the handler passes it on.
      await expect(result).rejects.toThrow('VPC endpoint(s) not found (deleted outside CloudFormation?): InvalidVpcEndpointId.NotFound from the service');
      await expect(result).rejects.toHaveProperty('cause', gone);
      expect(acceptInputs()).toEqual([]);
    });

    test('an id missing from the response throws, naming only that id', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'Available'), endpoint(EP_C, 'Available')] });

      await expect(isComplete(event('Create', { VpcEndpointIds: [EP_A, EP_B, EP_C] }))).rejects.toThrow(
        `VPC endpoint(s) ${EP_B} not found (deleted outside CloudFormation?)`,
      );
    });

    test('an empty response throws, naming every id', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({});

      await expect(isComplete(event('Create'))).rejects.toThrow(`VPC endpoint(s) ${EP_A}, ${EP_B} not found`);
    });
  });

  describe('failure', () => {
    test.each(['Failed', 'Expired', 'Deleted', 'Deleting'])('an endpoint %s throws at once, without the provider hint', async state => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'Pending'), endpoint(EP_B, state)] });

      const result = isComplete(event('Create'));

      await expect(result).rejects.toThrow(`VPC endpoint(s) will not become available: ${EP_B} is ${state.toLowerCase()}`);
      await expect(result).rejects.not.toThrow('service provider');
    });

    test('a Rejected endpoint throws, telling to ask the service provider', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'Rejected'), endpoint(EP_B, 'Available')] });

      await expect(isComplete(event('Update'))).rejects.toThrow(
        `VPC endpoint(s) will not become available: ${EP_A} is rejected; the service provider rejected the connection, ask them to allow and accept it`,
      );
    });

    test('every failed endpoint is named, and nothing is accepted when one failed', async () => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [endpoint(EP_A, 'Failed'), endpoint(EP_B, 'PendingAcceptance'), endpoint(EP_C, 'rejected')],
      });
      ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({});

      await expect(isComplete(event('Create', { VpcEndpointIds: [EP_A, EP_B, EP_C], AcceptServiceId: SERVICE }))).rejects.toThrow(
        `VPC endpoint(s) will not become available: ${EP_A} is failed, ${EP_C} is rejected; the service provider rejected`,
      );
      expect(acceptInputs()).toEqual([]);
    });

    test.each(['UnauthorizedOperation', 'InvalidParameterValue'])('a %s from DescribeVpcEndpoints is rethrown as it is', async name => {
      const denied = sdkError(name);
      ec2.on(DescribeVpcEndpointsCommand).rejects(denied);

      await expect(isComplete(event('Create'))).rejects.toBe(denied);
    });

    test('an UnauthorizedOperation from AcceptVpcEndpointConnections is rethrown as it is', async () => {
      const denied = sdkError('UnauthorizedOperation');
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).rejects(denied);

      await expect(isComplete(event('Create', { AcceptServiceId: SERVICE }))).rejects.toBe(denied);
    });
  });

  describe('throttling (not complete, polled again)', () => {
    test.each(['ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'Throttling'])(
      'a %s from DescribeVpcEndpoints is not complete, then the next poll succeeds',
      async name => {
        ec2.on(DescribeVpcEndpointsCommand)
          .rejectsOnce(sdkError(name))
          .resolves({ VpcEndpoints: [endpoint(EP_A, 'Available'), endpoint(EP_B, 'Available')] });

        await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
        await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: true });
        expect(describeInputs()).toHaveLength(2);
        expect(logged()[0]).toBe(`endpoints ${EP_A},${EP_B}: throttled, complete=false`);
      },
    );

    test('an error the SDK marks as throttling ($retryable.throttling) is not complete', async () => {
      ec2.on(DescribeVpcEndpointsCommand).rejects(sdkError('SlowDown', { $retryable: { throttling: true } }));

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
    });

    test('a retryable error that is not throttling is rethrown', async () => {
      const flaky = sdkError('InternalError', { $retryable: { throttling: false } });
      ec2.on(DescribeVpcEndpointsCommand).rejects(flaky);

      await expect(isComplete(event('Create'))).rejects.toBe(flaky);
    });

    test('throttling on the second page is not complete either', async () => {
      ec2.on(DescribeVpcEndpointsCommand)
        .resolvesOnce({ VpcEndpoints: [endpoint(EP_A, 'Available')], NextToken: 'page-2' })
        .rejectsOnce(sdkError('RequestLimitExceeded'));

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
      expect(describeInputs()).toHaveLength(2);
    });

    test.each([
      ['RequestLimitExceeded', sdkError('RequestLimitExceeded')],
      ['$retryable.throttling', sdkError('Busy', { $retryable: { throttling: true } })],
    ])('a throttled (%s) AcceptVpcEndpointConnections is not complete', async (_name, err) => {
      ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Available')] });
      ec2.on(AcceptVpcEndpointConnectionsCommand).rejects(err);

      await expect(isComplete(event('Create', { AcceptServiceId: SERVICE }))).resolves.toEqual({ IsComplete: false });
      expect(acceptInputs()).toEqual([{ ServiceId: SERVICE, VpcEndpointIds: [EP_A] }]);
      expect(logged()).toEqual([`accept on ${SERVICE}: throttled, complete=false`]);
    });
  });

  describe('pagination', () => {
    test('NextToken is followed and both pages are read', async () => {
      ec2.on(DescribeVpcEndpointsCommand, { NextToken: undefined }).resolves({
        VpcEndpoints: [endpoint(EP_A, 'Available')],
        NextToken: 'page-2',
      });
      ec2.on(DescribeVpcEndpointsCommand, { NextToken: 'page-2' }).resolves({
        VpcEndpoints: [endpoint(EP_B, 'Available'), endpoint(EP_C, 'Available')],
      });

      const result = await isComplete(event('Create', { VpcEndpointIds: [EP_C, EP_B, EP_A] }));

      expect(result).toEqual({ IsComplete: true });
      expect(describeInputs()).toEqual([
        { VpcEndpointIds: [EP_A, EP_B, EP_C], NextToken: undefined },
        { VpcEndpointIds: [EP_A, EP_B, EP_C], NextToken: 'page-2' },
      ]);
    });

    test('a state on the second page decides too', async () => {
      ec2.on(DescribeVpcEndpointsCommand)
        .resolvesOnce({ VpcEndpoints: [endpoint(EP_A, 'Available')], NextToken: 'page-2' })
        .resolvesOnce({ VpcEndpoints: [endpoint(EP_B, 'Pending')] });

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
      expect(describeInputs()).toHaveLength(2);
    });
  });
});

describe('no secret leaks', () => {
  test('neither handler logs the event, its ResponseURL or its ServiceToken', async () => {
    ec2.on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [endpoint(EP_A, 'PendingAcceptance'), endpoint(EP_B, 'Pending')] })
      .rejectsOnce(sdkError('ThrottlingException'))
      .resolves({ VpcEndpoints: [endpoint(EP_A, 'Available'), endpoint(EP_B, 'Available')] });
    ec2.on(AcceptVpcEndpointConnectionsCommand).resolves({});
    const props = { AcceptServiceId: SERVICE };

    for (const requestType of ['Create', 'Update', 'Delete'] as const) {
      await onEvent(event(requestType, props));
    }
    for (let poll = 0; poll < 3; poll++) {
      await isComplete(event('Create', props));
    }
    await isComplete(event('Delete', props));

    const lines = logged();
    expect(lines).toHaveLength(7);
    for (const line of lines) {
      expect(line).not.toContain('ResponseURL');
      expect(line).not.toContain(RESPONSE_URL);
      expect(line).not.toContain('X-Amz-Signature');
      expect(line).not.toContain(SERVICE_TOKEN);
      expect(line).not.toContain('ServiceToken');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The provider
// ---------------------------------------------------------------------------------------------

function logicalId(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

function acceptArn(service: string): unknown {
  return {
    'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:vpc-endpoint-service/${service}`,
    ]],
  };
}

/** The statements of the isComplete role's policies. */
function isCompleteStatements(template: Template, stack: Stack, provider: EndpointConnectionProvider): any[] {
  const roleRef = { Ref: logicalId(stack, provider.isCompleteRole) };
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([roleRef]));
  expect(policies).toHaveLength(1);
  return policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function statementsWith(statements: any[], action: string): any[] {
  return statements.filter(s => [s.Action].flat().includes(action));
}


describe('EndpointConnectionProvider', () => {
  // Two waiters in one stack, accepting on two services: synthesized once for the whole describe.
  let stack: Stack;
  let template: Template;
  let provider: EndpointConnectionProvider;
  let first: Construct;
  let second: Construct;

  beforeAll(() => {
    stack = new Stack(new App(), 'Stack');
    const inspection = new Construct(stack, 'Inspection');
    provider = EndpointConnectionProvider.of(inspection);
    first = provider.waitFor(inspection, 'FirstWait', [EP_A, EP_B], SERVICE);
    second = EndpointConnectionProvider.of(stack).waitFor(stack, 'SecondWait', [EP_C], OTHER_SERVICE);
    // The same service again adds no statement.
    EndpointConnectionProvider.of(first).waitFor(inspection, 'ThirdWait', [EP_B], SERVICE);
    template = Template.fromStack(stack);
  });

  test('is built with a 15 second query interval and a 30 minute total timeout', () => {
    expect(ENDPOINT_CONNECTION_QUERY_INTERVAL.toSeconds()).toBe(15);
    expect(ENDPOINT_CONNECTION_TOTAL_TIMEOUT.toMinutes()).toBe(30);
  });

  test('the waiter state machine retries every 15 seconds, 120 times, without backoff', () => {
    const definition = stateMachineDefinition(template);
    const waiter = definition.States[definition.StartAt];

    expect(waiter.Retry).toEqual([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 15, MaxAttempts: 120, BackoffRate: 1 }]);
    expect(waiter.Retry[0].IntervalSeconds * waiter.Retry[0].MaxAttempts).toBe(ENDPOINT_CONNECTION_TOTAL_TIMEOUT.toSeconds());
    expect(waiter.Retry[0].IntervalSeconds).toBe(ENDPOINT_CONNECTION_QUERY_INTERVAL.toSeconds());
    expect(waiter.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: expect.stringMatching(/onTimeout/) }]);
  });

  test('is one per stack, directly under the stack, for several waitFor calls', () => {
    const waiting = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((f: any) => String(f.Properties.Description ?? '').startsWith(WAITS_PREFIX));

    expect(waiting).toHaveLength(1);
    expect(EndpointConnectionProvider.of(second)).toBe(provider);
    expect(stack.node.findAll().filter(c => c instanceof EndpointConnectionProvider).map(c => c.node.path)).toEqual([`Stack/${PROVIDER_ID}`]);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('Custom::GwlbEndpointConnection', 3);
  });

  test('the isComplete role may describe endpoints on "*" once, and accept on each named service only', () => {
    const statements = isCompleteStatements(template, stack, provider);

    expect(statementsWith(statements, DESCRIBE)).toEqual([{ Effect: 'Allow', Action: DESCRIBE, Resource: '*' }]);
    expect(statementsWith(statements, ACCEPT)).toEqual([
      { Effect: 'Allow', Action: ACCEPT, Resource: acceptArn(SERVICE) },
      { Effect: 'Allow', Action: ACCEPT, Resource: acceptArn(OTHER_SERVICE) },
    ]);
    // No other policy of the stack names an EC2 action.
    const ec2Statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('ec2:'));
    expect(ec2Statements).toHaveLength(3);
  });

  test('no role has a managed policy', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));

    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const role of roles as any[]) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  test('the waiter is a Custom::GwlbEndpointConnection with the endpoint ids and the accept service', () => {
    const waiters = template.findResources('Custom::GwlbEndpointConnection');
    const serviceToken = stack.resolve(provider.provider.serviceToken);

    expect(waiters[logicalId(stack, first)].Properties).toEqual({
      ServiceToken: serviceToken, VpcEndpointIds: [EP_A, EP_B], AcceptServiceId: SERVICE,
    });
    expect(waiters[logicalId(stack, second)].Properties).toEqual({
      ServiceToken: serviceToken, VpcEndpointIds: [EP_C], AcceptServiceId: OTHER_SERVICE,
    });
  });

  test('the waiter depends on the isComplete role and its policy', () => {
    const waiter = template.findResources('Custom::GwlbEndpointConnection')[logicalId(stack, first)];
    const policy = provider.isCompleteRole.node.tryFindChild('DefaultPolicy') as IConstruct;

    expect(policy).toBeDefined();
    expect(waiter.DependsOn).toEqual(expect.arrayContaining([logicalId(stack, policy), logicalId(stack, provider.isCompleteRole)]));
  });

  describe('waitFor without an accept service id', () => {
    let plainStack: Stack;
    let plainTemplate: Template;
    let plainProvider: EndpointConnectionProvider;

    beforeAll(() => {
      plainStack = new Stack(new App(), 'Plain');
      plainProvider = EndpointConnectionProvider.of(plainStack);
      plainProvider.waitFor(plainStack, 'Wait', [EP_A]);
      // An empty service id means none, as onEvent reads it.
      plainProvider.waitFor(plainStack, 'WaitAgain', [EP_B, EP_C], '');
      plainTemplate = Template.fromStack(plainStack);
    });

    test('adds the describe statement once and no accept statement', () => {
      const statements = isCompleteStatements(plainTemplate, plainStack, plainProvider);

      expect(statementsWith(statements, DESCRIBE)).toEqual([{ Effect: 'Allow', Action: DESCRIBE, Resource: '*' }]);
      expect(statementsWith(statements, ACCEPT)).toEqual([]);
      expect(JSON.stringify(plainTemplate.toJSON())).not.toContain(ACCEPT);
    });

    test('passes no AcceptServiceId property', () => {
      const waiters = Object.values(plainTemplate.findResources('Custom::GwlbEndpointConnection')) as any[];

      expect(waiters.map(w => w.Properties.VpcEndpointIds)).toEqual([[EP_A], [EP_B, EP_C]]);
      for (const waiter of waiters) {
        expect(Object.keys(waiter.Properties).sort()).toEqual(['ServiceToken', 'VpcEndpointIds']);
      }
    });
  });
});
