import { Construct } from 'constructs';
import { ILatticeEndpoint, LatticeEndpointAttributes, LatticeEndpointBase, LatticeEndpointOptions, LatticeEndpointType } from './lattice-endpoint-base';

/**
 * Properties of a `ResourceEndpoint`.
 */
export interface ResourceEndpointProps extends LatticeEndpointOptions {
  /**
   * ARN of the resource configuration to reach (your own, or one shared with you through AWS RAM
   * and accepted), e.g. `arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0`.
   */
  readonly resourceConfigurationArn: string;
}

/**
 * A resource VPC endpoint: private TCP access to the resources of one VPC Lattice resource
 * configuration (a database, a domain name, an IP address) from this VPC.
 *
 * @example
 * new privatelink.ResourceEndpoint(this, 'Database', {
 *   vpc,
 *   resourceConfigurationArn: 'arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/rcfg-0123456789abcdef0',
 *   ports: [ec2.Port.tcp(5432)],
 * });
 */
export class ResourceEndpoint extends LatticeEndpointBase {
  /**
   * Imports a resource endpoint created elsewhere, to manage connections to it.
   */
  public static fromResourceEndpointAttributes(scope: Construct, id: string, attrs: LatticeEndpointAttributes): ILatticeEndpoint {
    return LatticeEndpointBase.importEndpoint(scope, id, attrs);
  }

  /** The resource configuration the endpoint reaches. */
  public readonly resourceConfigurationArn: string;

  constructor(scope: Construct, id: string, props: ResourceEndpointProps) {
    super(scope, id, props, LatticeEndpointType.RESOURCE, props.resourceConfigurationArn);
    this.resourceConfigurationArn = props.resourceConfigurationArn;
  }
}
