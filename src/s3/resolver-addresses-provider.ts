import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { ResolverAddressesIsCompleteFunction } from './resolver-addresses-is-complete-function';
import { ResolverAddressesOnEventFunction } from './resolver-addresses-on-event-function';
import { HandlerProvider } from '../private/handler-provider';

/** Construct id of the one provider per stack, directly under the stack. */
const PROVIDER_ID = 'CdkPrivateLinkResolverAddressesProvider';

/** How often the waiter asks for the addresses, and for how long before it fails the deployment. */
export const RESOLVER_ADDRESSES_QUERY_INTERVAL = Duration.seconds(15);
export const RESOLVER_ADDRESSES_TOTAL_TIMEOUT = Duration.minutes(15);

/**
 * The custom resource provider that reads a Resolver endpoint's IP addresses back after create and
 * update (CloudFormation returns only their number). One per stack, shared by every construct of
 * the stack that needs it; each one grants the handler `ListResolverEndpointIpAddresses` on its
 * own endpoint's ARN and nothing else.
 *
 * Not part of the public API.
 */
export class ResolverAddressesProvider extends HandlerProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): ResolverAddressesProvider {
    return ResolverAddressesProvider.existing(scope) ?? new ResolverAddressesProvider(Stack.of(scope), PROVIDER_ID);
  }

  /** The stack's provider, if one was created. */
  public static existing(scope: IConstruct): ResolverAddressesProvider | undefined {
    const found = Stack.of(scope).node.tryFindChild(PROVIDER_ID);
    return found instanceof ResolverAddressesProvider ? found : undefined;
  }

  /** The role of the handler that calls Route 53 Resolver. */
  public readonly readerRole: iam.Role;

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      onEvent: (s, i, p) => new ResolverAddressesOnEventFunction(s, i, p),
      isComplete: (s, i, p) => new ResolverAddressesIsCompleteFunction(s, i, p),
      purpose: 'Resolver address read-back',
      onEventRoleDescription: 'onEvent handler of the Resolver endpoint address read-back (no AWS API calls)',
      onEventDescription: 'cdk-privatelink: accepts Resolver endpoint address read-back requests',
      isCompleteDescription: 'cdk-privatelink: reads the IP addresses of a Route 53 Resolver endpoint once they are attached',
      isCompleteRoleDescription: 'isComplete handler of the Resolver endpoint address read-back: lists the addresses of named Resolver endpoints',
      queryInterval: RESOLVER_ADDRESSES_QUERY_INTERVAL,
      totalTimeout: RESOLVER_ADDRESSES_TOTAL_TIMEOUT,
      api: 'the Route 53 Resolver API',
      logContents: 'Resolver endpoint ids and status counts',
      grantSummary: 'the Resolver read on named endpoints',
    });
    this.readerRole = this.isCompleteRole;
  }

  /** Lets the read-back handler list the addresses of one Resolver endpoint. */
  public grantRead(resolverEndpointArn: string): void {
    this.readerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['route53resolver:ListResolverEndpointIpAddresses'],
      resources: [resolverEndpointArn],
    }));
  }
}
