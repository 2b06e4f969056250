import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * The resources of a stack as its template will show them (resolved), without synthesizing the
 * app, and a namer that gives each logical id its construct path (without the trailing
 * `/Resource` or `/Subnet` of an L2's L1). For rules that read a whole stack at synth time, in
 * the same form `PrivateLinkChecks` reads from the synthesized templates.
 */
export function stackTemplate(stack: Stack): { template: any; namer: (logicalId: string) => string | undefined } {
  const resources: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
    // _toCloudFormation is how the stack renders each resource into its template.
    const rendered = stack.resolve((c as unknown as { _toCloudFormation(): object })._toCloudFormation());
    Object.assign(resources, (rendered as { Resources?: object }).Resources ?? {});
    names.set(stack.resolve(c.logicalId), c.node.path.replace(/\/(Resource|Subnet)$/, ''));
  }
  return { template: { Resources: resources }, namer: logicalId => names.get(logicalId) };
}
