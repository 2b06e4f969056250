import { Construct } from 'constructs';
import { ILatticeEndpoint, LatticeEndpointAttributes, LatticeEndpointBase, LatticeEndpointOptions, LatticeEndpointType } from './lattice-endpoint-base';

/**
 * Properties of a `ServiceNetworkEndpoint`.
 */
export interface ServiceNetworkEndpointProps extends LatticeEndpointOptions {
  /**
   * ARN of the VPC Lattice service network to reach (your own, or one shared with you through AWS
   * RAM and accepted), e.g. `arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0`.
   */
  readonly serviceNetworkArn: string;
}

/**
 * A service-network VPC endpoint: private access from this VPC to the services and resource
 * configurations of a VPC Lattice service network.
 *
 * Each subnet needs a free contiguous /28 block of IPv4 addresses at first, and another /28 as
 * resource configurations are added; a warning flags subnets smaller than /26.
 *
 * @example
 * new privatelink.ServiceNetworkEndpoint(this, 'Network', {
 *   vpc,
 *   serviceNetworkArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-0123456789abcdef0',
 * });
 */
export class ServiceNetworkEndpoint extends LatticeEndpointBase {
  /**
   * Imports a service-network endpoint created elsewhere, to manage connections to it.
   */
  public static fromServiceNetworkEndpointAttributes(scope: Construct, id: string, attrs: LatticeEndpointAttributes): ILatticeEndpoint {
    return LatticeEndpointBase.importEndpoint(scope, id, attrs);
  }

  /** The service network the endpoint reaches. */
  public readonly serviceNetworkArn: string;

  constructor(scope: Construct, id: string, props: ServiceNetworkEndpointProps) {
    super(scope, id, props, LatticeEndpointType.SERVICE_NETWORK, props.serviceNetworkArn);
    this.serviceNetworkArn = props.serviceNetworkArn;
  }
}
