import {
  IpAddressResponse,
  ListResolverEndpointIpAddressesCommand as SdkListResolverEndpointIpAddressesCommand,
  ListResolverEndpointIpAddressesCommandInput,
  ListResolverEndpointIpAddressesCommandOutput,
  ResourceNotFoundException,
  Route53ResolverClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-route53resolver';
import { AwsCommand, mockClient } from 'aws-sdk-client-mock';
import { handler as isComplete, ResolverAddressesIsCompleteEvent } from '../../src/s3/resolver-addresses-is-complete.lambda';
import { handler as onEvent, ResolverAddressesOnEventEvent } from '../../src/s3/resolver-addresses-on-event.lambda';

// The installed client (3.654) is typed against @smithy/types 3 while aws-sdk-client-mock is typed
// against @smithy/types 4, so tsc rejects the client and command classes structurally. At run time
// they are the very same classes: the casts below only restate their types in the mock's terms.
const ListResolverEndpointIpAddressesCommand = SdkListResolverEndpointIpAddressesCommand as unknown as new (
  input: ListResolverEndpointIpAddressesCommandInput,
) => AwsCommand<ListResolverEndpointIpAddressesCommandInput, ListResolverEndpointIpAddressesCommandOutput>;
const resolver = mockClient(Route53ResolverClient as unknown as Parameters<typeof mockClient<ServiceInputTypes, ServiceOutputTypes, unknown>>[0]);

const ENDPOINT = 'rslvr-in-0123456789abcdef0';
const OTHER_ENDPOINT = 'rslvr-in-fedcba9876543210f';
const RESPONSE_URL = 'https://cloudformation-custom-resource-response.s3.amazonaws.com/secret?X-Amz-Signature=abc123';

type RequestType = 'Create' | 'Update' | 'Delete';

/** An event as the Provider framework passes it, with the fields these handlers ignore too. */
function event(requestType: RequestType, props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: RESPONSE_URL,
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1',
    RequestId: 'request-1',
    LogicalResourceId: 'ResolverAddresses',
    ResourceType: 'Custom::ResolverAddresses',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
      ResolverEndpointId: ENDPOINT,
      ...props,
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: ENDPOINT }),
    ...extra,
  } as unknown as ResolverAddressesOnEventEvent & ResolverAddressesIsCompleteEvent;
}

function address(subnet: string, ip: string, status: string = 'ATTACHED', more: Partial<IpAddressResponse> = {}): IpAddressResponse {
  return { IpId: `rni-${subnet}-${ip}`, SubnetId: subnet, Ip: ip, Status: status as IpAddressResponse['Status'], ...more };
}

function sdkError(name: string, more: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} from the service`), { name, $metadata: {}, ...more });
}

/** The ResolverEndpointId of every ListResolverEndpointIpAddresses call the mock received. */
function listedEndpoints(): (string | undefined)[] {
  return resolver.commandCalls(ListResolverEndpointIpAddressesCommand).map(c => c.args[0].input.ResolverEndpointId);
}

let log: jest.SpyInstance;

beforeEach(() => {
  resolver.reset();
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  log.mockRestore();
});

/** Everything the handlers logged, one string per console.log call. */
function logged(): string[] {
  return log.mock.calls.map(args => args.map(String).join(' '));
}

describe('onEvent', () => {
  test('create uses the endpoint id as the physical id and calls no API', async () => {
    const result = await onEvent(event('Create', { ExpectedAddressCount: '2' }));

    expect(result).toEqual({ PhysicalResourceId: ENDPOINT });
    expect(resolver.calls()).toHaveLength(0);
  });

  test('update to another endpoint returns the new endpoint id as the physical id', async () => {
    const result = await onEvent(event('Update', { ResolverEndpointId: OTHER_ENDPOINT }, {
      OldResourceProperties: { ResolverEndpointId: ENDPOINT },
    }));

    expect(result).toEqual({ PhysicalResourceId: OTHER_ENDPOINT });
    expect(resolver.calls()).toHaveLength(0);
  });

  test('update of the same endpoint (new Revision) keeps the physical id', async () => {
    const result = await onEvent(event('Update', { Revision: '2' }, { OldResourceProperties: { ResolverEndpointId: ENDPOINT, Revision: '1' } }));

    expect(result).toEqual({ PhysicalResourceId: ENDPOINT });
  });

  test('delete returns the existing physical id and calls no API', async () => {
    const result = await onEvent(event('Delete', {}, { PhysicalResourceId: OTHER_ENDPOINT }));

    expect(result).toEqual({ PhysicalResourceId: OTHER_ENDPOINT });
    expect(resolver.calls()).toHaveLength(0);
  });

  test('delete succeeds even when the properties are invalid (a failed create is deleted too)', async () => {
    const result = await onEvent(event('Delete', { ResolverEndpointId: 'not-an-id' }, { PhysicalResourceId: 'provider-generated-id' }));

    expect(result).toEqual({ PhysicalResourceId: 'provider-generated-id' });
  });

  test.each([
    ['an empty string', ''],
    ['an outbound endpoint id', 'rslvr-out-0123456789abcdef0'],
    ['upper case', 'rslvr-in-0123456789ABCDEF0'],
    ['surrounding spaces', ` ${ENDPOINT} `],
    ['a number', 42],
    ['missing', undefined],
  ])('%s as ResolverEndpointId is rejected, naming the property and the value', async (_name, bad) => {
    const create = onEvent(event('Create', { ResolverEndpointId: bad }));
    await expect(create).rejects.toThrow(/ResolverEndpointId/);
    await expect(onEvent(event('Create', { ResolverEndpointId: bad }))).rejects.toThrow(JSON.stringify(bad) ?? 'undefined');
    await expect(onEvent(event('Update', { ResolverEndpointId: bad }))).rejects.toThrow(/ResolverEndpointId/);
  });

  test('missing ResourceProperties is rejected, naming ResolverEndpointId', async () => {
    const bad = { RequestType: 'Create' } as unknown as ResolverAddressesOnEventEvent;

    await expect(onEvent(bad)).rejects.toThrow('ResolverEndpointId must be the id of an inbound resolver endpoint (rslvr-in-...), got undefined');
  });

  test.each(['two', '-1', '1.5', ' 2'])('ExpectedAddressCount %j is rejected', async bad => {
    await expect(onEvent(event('Create', { ExpectedAddressCount: bad }))).rejects.toThrow(`ExpectedAddressCount must be a non-negative integer, got ${JSON.stringify(bad)}`);
  });

  test('an empty ExpectedAddressCount counts as not given', async () => {
    await expect(onEvent(event('Create', { ExpectedAddressCount: '' }))).resolves.toEqual({ PhysicalResourceId: ENDPOINT });
  });

  test('an unknown RequestType is rejected', async () => {
    await expect(onEvent(event('Replace' as RequestType))).rejects.toThrow('Unsupported RequestType "Replace"');
  });

  test('logs one short line without the event', async () => {
    await onEvent(event('Create'));
    await onEvent(event('Delete'));

    expect(logged()).toEqual([`Create resolver addresses of ${ENDPOINT}`, `Delete resolver addresses of ${ENDPOINT}`]);
  });
});

describe('isComplete', () => {
  describe('create and update', () => {
    test('create: all addresses attached returns them, reading the endpoint of the properties', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [address('subnet-b', '10.0.2.10'), address('subnet-a', '10.0.1.10')],
      });

      const result = await isComplete(event('Create', { ExpectedAddressCount: '2' }, { PhysicalResourceId: ENDPOINT }));

      expect(result).toEqual({
        IsComplete: true,
        Data: { Addresses: '10.0.1.10,10.0.2.10', Ipv6Addresses: '', AddressCount: '2' },
      });
      expect(resolver.commandCalls(ListResolverEndpointIpAddressesCommand)).toHaveLength(1);
      expect(resolver.commandCalls(ListResolverEndpointIpAddressesCommand)[0].args[0].input).toEqual({
        ResolverEndpointId: ENDPOINT,
        MaxResults: 100,
        NextToken: undefined,
      });
    });

    test('update to a new endpoint reads the new endpoint', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: OTHER_ENDPOINT }).resolves({
        IpAddresses: [address('subnet-c', '10.0.3.10'), address('subnet-d', '10.0.4.10')],
      });

      const result = await isComplete(event('Update', { ResolverEndpointId: OTHER_ENDPOINT }, {
        PhysicalResourceId: OTHER_ENDPOINT,
        OldResourceProperties: { ResolverEndpointId: ENDPOINT },
      }));

      expect(result).toEqual({
        IsComplete: true,
        Data: { Addresses: '10.0.3.10,10.0.4.10', Ipv6Addresses: '', AddressCount: '2' },
      });
      expect(listedEndpoints()).toEqual([OTHER_ENDPOINT]);
    });

    test('dual-stack addresses fill Ipv6Addresses in the same order; IPv6-only addresses count but are not in Addresses', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [
          address('subnet-b', '10.0.2.10', 'ATTACHED', { Ipv6: '2001:db8:0:2::10' }),
          { IpId: 'rni-v6only', SubnetId: 'subnet-c', Ipv6: '2001:db8:0:3::10', Status: 'ATTACHED' },
          address('subnet-a', '10.0.1.10', 'ATTACHED', { Ipv6: '2001:db8:0:1::10' }),
        ],
      });

      const result = await isComplete(event('Create'));

      expect(result).toEqual({
        IsComplete: true,
        Data: {
          Addresses: '10.0.1.10,10.0.2.10',
          Ipv6Addresses: '2001:db8:0:1::10,2001:db8:0:2::10,2001:db8:0:3::10',
          AddressCount: '3',
        },
      });
    });

    test('is idempotent: the same endpoint state gives the same answer again', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10')],
      });

      const first = await isComplete(event('Create'));
      const second = await isComplete(event('Create'));

      expect(second).toEqual(first);
      expect(first.IsComplete).toBe(true);
      expect(listedEndpoints()).toEqual([ENDPOINT, ENDPOINT]);
    });
  });

  describe('delete', () => {
    test('completes at once without calling the API', async () => {
      const result = await isComplete(event('Delete'));

      expect(result).toEqual({ IsComplete: true });
      expect(resolver.calls()).toHaveLength(0);
    });

    test('already gone: delete of an endpoint that no longer exists completes without calling the API', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

      const result = await isComplete(event('Delete'));

      expect(result).toEqual({ IsComplete: true });
      expect(resolver.calls()).toHaveLength(0);
    });
  });

  describe('already gone on create or update', () => {
    test.each<RequestType>(['Create', 'Update'])('%s with ResourceNotFoundException throws a clear message', async requestType => {
      const gone = new ResourceNotFoundException({ message: 'gone', $metadata: {} });
      resolver.on(ListResolverEndpointIpAddressesCommand).rejects(gone);

      const result = isComplete(event(requestType));

      await expect(result).rejects.toThrow(`resolver endpoint ${ENDPOINT} does not exist (deleted outside CloudFormation?)`);
      await expect(result).rejects.toHaveProperty('cause', gone);
      expect(listedEndpoints()).toEqual([ENDPOINT]);
    });
  });

  describe('failure', () => {
    test('a FAILED_CREATION address throws with its address, subnet, status and message', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [
          address('subnet-a', '10.0.1.10'),
          address('subnet-b', '10.0.2.10', 'FAILED_CREATION', { StatusMessage: 'Insufficient free addresses in subnet' }),
        ],
      });

      await expect(isComplete(event('Create'))).rejects.toThrow(
        `resolver endpoint ${ENDPOINT}: IP address 10.0.2.10 in subnet subnet-b is FAILED_CREATION (Insufficient free addresses in subnet)`,
      );
      expect(listedEndpoints()).toEqual([ENDPOINT]);
    });

    test.each(['FAILED_RESOURCE_GONE', 'UPDATE_FAILED', 'DELETE_FAILED_FAS_EXPIRED'])('a %s address throws even while others are pending', async status => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [address('subnet-a', '10.0.1.10', 'CREATING'), address('subnet-b', '10.0.2.10', status, { StatusMessage: 'broken' })],
      });

      await expect(isComplete(event('Update'))).rejects.toThrow(`IP address 10.0.2.10 in subnet subnet-b is ${status} (broken)`);
    });

    test('every failed address is reported, in order; without an IP the address id names it', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [
          { IpId: 'rni-2', SubnetId: 'subnet-b', Status: 'FAILED_CREATION' },
          { IpId: 'rni-1', SubnetId: 'subnet-b', Status: 'FAILED_CREATION', StatusMessage: 'subnet full' },
          { IpId: 'rni-v6', SubnetId: 'subnet-a', Ipv6: '2001:db8::10', Status: 'UPDATE_FAILED', StatusMessage: 'no' },
        ],
      });

      await expect(isComplete(event('Create'))).rejects.toThrow(
        `resolver endpoint ${ENDPOINT}: IP address 2001:db8::10 in subnet subnet-a is UPDATE_FAILED (no); `
        + 'IP address rni-1 in subnet subnet-b is FAILED_CREATION (subnet full); '
        + 'IP address rni-2 in subnet subnet-b is FAILED_CREATION (no status message)',
      );
    });

    test('an AccessDeniedException is rethrown as it is', async () => {
      const denied = sdkError('AccessDeniedException');
      resolver.on(ListResolverEndpointIpAddressesCommand).rejects(denied);

      await expect(isComplete(event('Create'))).rejects.toBe(denied);
    });

    test('an invalid ExpectedAddressCount throws, naming it', async () => {
      await expect(isComplete(event('Create', { ExpectedAddressCount: 'many' }))).rejects.toThrow('ExpectedAddressCount must be a non-negative integer, got "many"');
      expect(resolver.calls()).toHaveLength(0);
    });

    test('an unknown RequestType is rejected', async () => {
      await expect(isComplete(event('Replace' as RequestType))).rejects.toThrow('Unsupported RequestType "Replace"');
      expect(resolver.calls()).toHaveLength(0);
    });
  });

  describe('timeout (not complete yet, polled again)', () => {
    test.each(['CREATING', 'ATTACHING', 'UPDATING', 'REMAP_ATTACHING', 'REMAP_DETACHING'])(
      'an address still %s is not complete, on every poll',
      async status => {
        resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
          IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10', status)],
        });

        for (let poll = 0; poll < 3; poll++) {
          await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
        }
        expect(listedEndpoints()).toEqual([ENDPOINT, ENDPOINT, ENDPOINT]);
      },
    );

    test('fewer addresses than ExpectedAddressCount is not complete, until there are enough', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand)
        .resolvesOnce({ IpAddresses: [address('subnet-a', '10.0.1.10')] })
        .resolvesOnce({ IpAddresses: [address('subnet-a', '10.0.1.10')] })
        .resolves({ IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10')] });

      await expect(isComplete(event('Create', { ExpectedAddressCount: '2' }))).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(event('Create', { ExpectedAddressCount: '2' }))).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(event('Create', { ExpectedAddressCount: '2' }))).resolves.toEqual({
        IsComplete: true,
        Data: { Addresses: '10.0.1.10,10.0.2.10', Ipv6Addresses: '', AddressCount: '2' },
      });
    });

    test('after a subnet swap the old addresses are not complete, until every listed subnet (Revision) has one', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand)
        .resolvesOnce({ IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10')] })
        .resolves({ IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-c', '10.0.3.10')] });
      const swapped = () => event('Update', { ExpectedAddressCount: '2', Revision: ['subnet-a', 'subnet-c'] });

      await expect(isComplete(swapped())).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(swapped())).resolves.toEqual({
        IsComplete: true,
        Data: { Addresses: '10.0.1.10,10.0.3.10', Ipv6Addresses: '', AddressCount: '2' },
      });
    });

    test('more addresses than ExpectedAddressCount is complete', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10'), address('subnet-c', '10.0.3.10')],
      });

      const result = await isComplete(event('Create', { ExpectedAddressCount: '2' }));

      expect(result.IsComplete).toBe(true);
      expect(result.Data?.AddressCount).toBe('3');
    });

    test.each([
      ['an empty list', { IpAddresses: [] }],
      ['no IpAddresses field', {}],
    ])('%s is not complete, even without ExpectedAddressCount', async (_name, page) => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves(page);

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
      await expect(isComplete(event('Create', { ExpectedAddressCount: '0' }))).resolves.toEqual({ IsComplete: false });
    });

    test('an address without a status is not complete', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({ IpAddresses: [{ IpId: 'rni-1', SubnetId: 'subnet-a', Ip: '10.0.1.10' }] });

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
      expect(logged()).toEqual([`resolver endpoint ${ENDPOINT}: UNKNOWN=1, complete=false`]);
    });
  });

  describe('throttling', () => {
    test.each(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded'])(
      '%s is not complete, then the next poll succeeds',
      async name => {
        resolver.on(ListResolverEndpointIpAddressesCommand)
          .rejectsOnce(sdkError(name))
          .resolves({ IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.10')] });

        await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
        await expect(isComplete(event('Create'))).resolves.toEqual({
          IsComplete: true,
          Data: { Addresses: '10.0.1.10,10.0.2.10', Ipv6Addresses: '', AddressCount: '2' },
        });
        expect(listedEndpoints()).toEqual([ENDPOINT, ENDPOINT]);
      },
    );

    test('an error the SDK marks as throttling ($retryable.throttling) is not complete', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).rejects(sdkError('SlowDown', { $retryable: { throttling: true } }));

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
    });

    test('a retryable error that is not throttling is rethrown', async () => {
      const flaky = sdkError('InternalServiceErrorException', { $retryable: { throttling: false } });
      resolver.on(ListResolverEndpointIpAddressesCommand).rejects(flaky);

      await expect(isComplete(event('Create'))).rejects.toBe(flaky);
    });

    test('throttling on the second page is not complete either', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand)
        .resolvesOnce({ IpAddresses: [address('subnet-a', '10.0.1.10')], NextToken: 'page-2' })
        .rejectsOnce(sdkError('ThrottlingException'));

      await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
      expect(logged()).toEqual([`resolver endpoint ${ENDPOINT}: throttled, complete=false`]);
    });
  });

  describe('pagination and order', () => {
    test('two pages are joined, following NextToken, in a stable order', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand, { NextToken: undefined }).resolves({
        IpAddresses: [address('subnet-b', '10.0.2.10'), address('subnet-c', '10.0.3.10')],
        NextToken: 'page-2',
      });
      resolver.on(ListResolverEndpointIpAddressesCommand, { NextToken: 'page-2' }).resolves({
        IpAddresses: [address('subnet-a', '10.0.1.10'), address('subnet-b', '10.0.2.9')],
      });

      const result = await isComplete(event('Create', { ExpectedAddressCount: '4' }));

      expect(result).toEqual({
        IsComplete: true,
        Data: { Addresses: '10.0.1.10,10.0.2.9,10.0.2.10,10.0.3.10', Ipv6Addresses: '', AddressCount: '4' },
      });
      const calls = resolver.commandCalls(ListResolverEndpointIpAddressesCommand).map(c => c.args[0].input);
      expect(calls).toEqual([
        { ResolverEndpointId: ENDPOINT, MaxResults: 100, NextToken: undefined },
        { ResolverEndpointId: ENDPOINT, MaxResults: 100, NextToken: 'page-2' },
      ]);
    });

    test('the order does not depend on the order the service returns', async () => {
      const addresses = [
        address('subnet-a', '10.0.1.10'),
        address('subnet-a', '10.0.1.9'),
        address('subnet-b', '10.0.2.10'),
        address('subnet-b', '10.0.2.10', 'ATTACHED', { IpId: 'rni-same-ip-other-id', Ipv6: '2001:db8::b' }),
        { IpId: 'rni-no-subnet', Ip: '10.0.9.10', Status: 'ATTACHED' as const },
      ];
      const answers = new Set<string>();
      for (const order of [addresses, [...addresses].reverse(), [addresses[2], addresses[4], addresses[0], addresses[3], addresses[1]]]) {
        resolver.reset();
        resolver.on(ListResolverEndpointIpAddressesCommand).resolves({ IpAddresses: [...order] });
        answers.add(JSON.stringify(await isComplete(event('Create'))));
      }

      expect([...answers]).toEqual([JSON.stringify({
        IsComplete: true,
        Data: {
          Addresses: '10.0.9.10,10.0.1.9,10.0.1.10,10.0.2.10,10.0.2.10',
          Ipv6Addresses: '2001:db8::b',
          AddressCount: '5',
        },
      })]);
    });
  });

  describe('logging', () => {
    test('logs one line with the endpoint, the status counts and completeness, never the event', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({
        IpAddresses: [address('subnet-a', '10.0.1.10', 'CREATING'), address('subnet-b', '10.0.2.10'), address('subnet-c', '10.0.3.10')],
      });

      await isComplete(event('Create'));

      expect(logged()).toEqual([`resolver endpoint ${ENDPOINT}: ATTACHED=2 CREATING=1, complete=false`]);
      expect(logged().join('\n')).not.toContain('X-Amz-Signature');
    });

    test('an empty endpoint logs no addresses', async () => {
      resolver.on(ListResolverEndpointIpAddressesCommand).resolves({ IpAddresses: [] });

      await isComplete(event('Create'));

      expect(logged()).toEqual([`resolver endpoint ${ENDPOINT}: no addresses, complete=false`]);
    });
  });
});
