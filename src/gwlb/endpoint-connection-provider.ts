import { Aws, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { EndpointConnectionIsCompleteFunction } from './endpoint-connection-is-complete-function';
import { EndpointConnectionOnEventFunction } from './endpoint-connection-on-event-function';
import { EndpointConnectionProperties } from './endpoint-connection-types';
import { HandlerProvider } from '../private/handler-provider';

/** Construct id of the one provider per stack, directly under the stack. */
const PROVIDER_ID = 'CdkPrivateLinkEndpointConnectionProvider';

/** How often the waiter describes the endpoints, and for how long before it fails the deployment. */
export const ENDPOINT_CONNECTION_QUERY_INTERVAL = Duration.seconds(15);
export const ENDPOINT_CONNECTION_TOTAL_TIMEOUT = Duration.minutes(30);

const DESCRIBE_ANY = 'ec2:DescribeVpcEndpoints has no resource-level permissions: IAM accepts only Resource "*" for it; it reads, nothing else';

/**
 * The custom resource provider that waits until Gateway Load Balancer endpoints are available
 * (and, for an endpoint service of the same account, accepts their connection requests). One per
 * stack; the isComplete role may describe endpoints (IAM allows no narrower resource) and accept
 * connections on the named endpoint services only.
 *
 * Not part of the public API.
 */
export class EndpointConnectionProvider extends HandlerProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): EndpointConnectionProvider {
    const found = Stack.of(scope).node.tryFindChild(PROVIDER_ID);
    return found instanceof EndpointConnectionProvider ? found : new EndpointConnectionProvider(Stack.of(scope), PROVIDER_ID);
  }

  private describeGranted = false;
  private readonly acceptGranted = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      onEvent: (s, i, p) => new EndpointConnectionOnEventFunction(s, i, p),
      isComplete: (s, i, p) => new EndpointConnectionIsCompleteFunction(s, i, p),
      purpose: 'Gateway Load Balancer endpoint connection waiter',
      onEventRoleDescription: 'onEvent handler of the Gateway Load Balancer endpoint connection waiter (no AWS API calls)',
      onEventDescription: 'cdk-privatelink: accepts Gateway Load Balancer endpoint connection wait requests',
      isCompleteDescription: 'cdk-privatelink: waits until Gateway Load Balancer endpoints are available, accepting same-account connections',
      isCompleteRoleDescription: 'isComplete handler of the endpoint connection waiter: describes VPC endpoints and accepts '
        + 'their connections on named endpoint services of this account',
      queryInterval: ENDPOINT_CONNECTION_QUERY_INTERVAL,
      totalTimeout: ENDPOINT_CONNECTION_TOTAL_TIMEOUT,
      api: 'the Amazon EC2 API',
      logContents: 'VPC endpoint and endpoint service ids and endpoint states',
      grantSummary: 'the endpoint describe and the acceptance on named endpoint services',
      extraAcknowledgements: { 'AwsSolutions-IAM5[Resource::*]': DESCRIBE_ANY },
    });
  }

  /**
   * A waiter for the endpoints: complete once every one is available. With `acceptServiceId`
   * (an endpoint service of this account), it accepts their pending connection requests.
   */
  public waitFor(scope: Construct, id: string, vpcEndpointIds: string[], acceptServiceId?: string): CustomResource {
    if (!this.describeGranted) {
      this.describeGranted = true;
      this.isCompleteRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeVpcEndpoints'], resources: ['*'] }));
    }
    const accept = acceptServiceId === '' ? undefined : acceptServiceId;
    if (accept !== undefined) {
      const k = JSON.stringify(Stack.of(this).resolve(accept));
      if (!this.acceptGranted.has(k)) {
        this.acceptGranted.add(k);
        this.isCompleteRole.addToPrincipalPolicy(new iam.PolicyStatement({
          actions: ['ec2:AcceptVpcEndpointConnections'],
          resources: [`arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:vpc-endpoint-service/${accept}`],
        }));
      }
    }
    const properties: EndpointConnectionProperties = { VpcEndpointIds: vpcEndpointIds, AcceptServiceId: accept };
    const waiter = new CustomResource(scope, id, {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::GwlbEndpointConnection',
      properties: { ...properties },
    });
    // The handler must be allowed to describe (and accept) before the first poll.
    waiter.node.addDependency(this.isCompleteRole);
    return waiter;
  }
}
