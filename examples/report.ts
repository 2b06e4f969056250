import * as fs from 'fs';
import * as path from 'path';

/** One VPC endpoint found in a synthesized template. */
export interface EndpointSummary {
  readonly logicalId: string;
  /** Interface, Gateway, GatewayLoadBalancer, Resource or ServiceNetwork. */
  readonly type: string;
  /** Service name, resource configuration ARN or service network ARN, intrinsics rendered as text. */
  readonly service: string;
  /** Where it sits: subnet AZs for ENI-based endpoints, route tables for gateway endpoints. */
  readonly placement: string;
}

/** What the demo prints for one stack. */
export interface StackSummary {
  readonly stackName: string;
  readonly resourceCount: number;
  readonly templateBytes: number;
  readonly endpoints: EndpointSummary[];
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> };

/** Renders a CloudFormation value (possibly an intrinsic) as short readable text. */
export function renderValue(value: any): string {
  if (value === undefined || value === null) return '-';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(renderValue).join(',');
  if ('Ref' in value) return String(value.Ref).startsWith('AWS::') ? `\${${value.Ref}}` : value.Ref;
  if ('Fn::Join' in value) {
    const [delimiter, parts] = value['Fn::Join'];
    return (parts as any[]).map(renderValue).join(delimiter);
  }
  if ('Fn::GetAtt' in value) return [].concat(value['Fn::GetAtt']).join('.');
  if ('Fn::Select' in value) {
    const [index, list] = value['Fn::Select'];
    if (list && typeof list === 'object' && 'Fn::GetAZs' in list) return `AZ[${index}]`;
    return `${renderValue(list)}[${index}]`;
  }
  if ('Fn::ImportValue' in value) return `import(${renderValue(value['Fn::ImportValue'])})`;
  return JSON.stringify(value);
}

/** Lists the VPC endpoints in one template with their type, service and placement. */
export function summarizeEndpoints(template: Template): EndpointSummary[] {
  const resources = template.Resources ?? {};
  const azOf = (subnet: any): string => {
    const ref = subnet && typeof subnet === 'object' && 'Ref' in subnet ? subnet.Ref : undefined;
    const az = ref ? resources[ref]?.Properties?.AvailabilityZone ?? resources[ref]?.Properties?.AvailabilityZoneId : undefined;
    return az !== undefined ? renderValue(az) : renderValue(subnet);
  };

  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::EC2::VPCEndpoint')
    .map(([logicalId, r]) => {
      const p = r.Properties ?? {};
      const type = p.VpcEndpointType ?? 'Interface';
      const service = p.ServiceName ?? p.ResourceConfigurationArn ?? p.ServiceNetworkArn;
      let placement: string;
      if (Array.isArray(p.RouteTableIds)) {
        placement = `${p.RouteTableIds.length} route table(s)`;
      } else if (Array.isArray(p.SubnetIds)) {
        placement = `${p.SubnetIds.length} subnet(s): ${p.SubnetIds.map(azOf).join(' ')}`;
      } else {
        placement = '-';
      }
      return { logicalId, type, service: renderValue(service), placement };
    })
    .sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

/** Reads a cloud assembly directory (cdk.out) and summarises every CloudFormation stack in it. */
export function summarizeAssembly(outdir: string): StackSummary[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const summaries: StackSummary[] = [];
  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const file = path.join(outdir, artifact.properties.templateFile);
    const text = fs.readFileSync(file, 'utf-8');
    const template: Template = JSON.parse(text);
    summaries.push({
      stackName: artifact.displayName ?? artifactId,
      resourceCount: Object.keys(template.Resources ?? {}).length,
      templateBytes: Buffer.byteLength(text),
      endpoints: summarizeEndpoints(template),
    });
  }
  return summaries.sort((a, b) => a.stackName.localeCompare(b.stackName));
}

/** Formats summaries as a fixed-width text table, one row per endpoint. */
export function formatTable(summaries: StackSummary[]): string {
  const header = ['Stack', 'Resources', 'Bytes', 'Endpoint', 'Type', 'Service', 'Subnets / AZs / route tables'];
  const rows: string[][] = [];
  for (const s of summaries) {
    const stackCells = [s.stackName, String(s.resourceCount), String(s.templateBytes)];
    if (s.endpoints.length === 0) rows.push([...stackCells, '-', '-', '-', '-']);
    s.endpoints.forEach((e, i) => {
      rows.push([...(i === 0 ? stackCells : ['', '', '']), e.logicalId, e.type, e.service, e.placement]);
    });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  const rule = widths.map(w => '-'.repeat(w)).join('-+-');
  const endpointCount = summaries.reduce((n, s) => n + s.endpoints.length, 0);
  return [line(header), rule, ...rows.map(line), '',
    `${summaries.length} stack(s), ${endpointCount} endpoint(s)`].join('\n');
}

if (require.main === module) {
  const outdir = process.argv[2] ?? 'cdk.out';
  const summaries = summarizeAssembly(outdir);
  if (summaries.length === 0) {
    process.stderr.write(`no CloudFormation stacks found in ${outdir}\n`);
    process.exit(1);
  }
  process.stdout.write(formatTable(summaries) + '\n');
}
