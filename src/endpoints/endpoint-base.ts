import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { privateLinkEndpointMetric } from '../private/endpoint-rules';

/**
 * Shared base of the endpoints that publish `AWS/PrivateLinkEndpoints` metrics: interface and
 * Gateway Load Balancer endpoints. Gateway endpoints publish none.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html
 */
export abstract class MonitoredEndpointBase extends Construct {
  /**
   * The endpoint id, e.g. `vpce-0123456789abcdef0`.
   *
   * @attribute
   */
  public abstract readonly vpcEndpointId: string;

  /** The service name the endpoint connects to. */
  public abstract readonly serviceName: string;

  /** The id of the VPC the endpoint is in. */
  public abstract readonly vpcId: string;

  /** The `Endpoint Type` dimension value: `Interface` or `GatewayLoadBalancer`. */
  protected abstract readonly metricEndpointType: string;

  /**
   * Any metric of this endpoint in `AWS/PrivateLinkEndpoints`, with the endpoint's dimensions.
   *
   * Add a `Subnet Id` dimension through `props.dimensionsMap` for one subnet's share.
   *
   * @default - Average over one minute
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric(metricName, this.metricDimensions(), 'Average', props);
  }

  /**
   * Concurrent active connections (SYN_SENT and ESTABLISHED).
   *
   * @default - Average over one minute
   */
  public metricActiveConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric('ActiveConnections', this.metricDimensions(), 'Average', props);
  }

  /**
   * Bytes exchanged between the endpoint and the service, both directions (what is billed).
   *
   * @default - Sum over one minute
   */
  public metricBytesProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric('BytesProcessed', this.metricDimensions(), 'Sum', props);
  }

  /**
   * New connections established through the endpoint.
   *
   * @default - Sum over one minute
   */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric('NewConnections', this.metricDimensions(), 'Sum', props);
  }

  /**
   * Packets the endpoint dropped; a rising value can mean the endpoint or service is unhealthy.
   *
   * @default - Sum over one minute
   */
  public metricPacketsDropped(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric('PacketsDropped', this.metricDimensions(), 'Sum', props);
  }

  /**
   * RST packets the endpoint received; a rising value can mean the service is unhealthy.
   *
   * @default - Sum over one minute
   */
  public metricRstPacketsReceived(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return privateLinkEndpointMetric('RstPacketsReceived', this.metricDimensions(), 'Sum', props);
  }

  private metricDimensions() {
    return {
      endpointType: this.metricEndpointType,
      serviceName: this.serviceName,
      vpcEndpointId: this.vpcEndpointId,
      vpcId: this.vpcId,
    };
  }
}
