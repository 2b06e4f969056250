/**
 * Helpers for the policy simulation tests: they turn a synthesized template fragment into the
 * concrete JSON a policy simulator reads.
 */

/**
 * Replaces the intrinsics left in a template fragment: `Ref` through `refs` (logical id or pseudo parameter),
 * `Fn::GetAtt` through `refs['<logicalId>.<attribute>']`, `Fn::Join` by the joined string and `Fn::Sub` by
 * substitution. Any other intrinsic, or a reference without a value, fails the test.
 */
export function materialize(json: any, refs: Record<string, string>): any {
  if (Array.isArray(json)) return json.map(item => materialize(item, refs));
  if (json === null || typeof json !== 'object') return json;
  const keys = Object.keys(json);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const [fn, arg] = [keys[0], json[keys[0]]];
    if (fn === 'Ref') return valueOf(refs, arg);
    if (fn === 'Fn::GetAtt') return valueOf(refs, `${arg[0]}.${arg[1]}`);
    if (fn === 'Fn::Join') return (materialize(arg[1], refs) as string[]).join(arg[0]);
    if (fn === 'Fn::Sub' && typeof arg === 'string') return arg.replace(/\$\{([^}]+)\}/g, (_m: string, name: string) => valueOf(refs, name));
    throw new Error(`materialize: unsupported intrinsic ${JSON.stringify(json)}`);
  }
  return Object.fromEntries(keys.map(k => [k, materialize(json[k], refs)]));
}

function valueOf(refs: Record<string, string>, name: string): string {
  if (!(name in refs)) throw new Error(`materialize: no value for ${name}`);
  return refs[name];
}

/** The logical id of the one resource of `type` whose properties match `filter`; anything but exactly one fails the test. */
export function logicalIdOf(template: any, type: string, filter: (props: any) => boolean = () => true): string {
  const ids = Object.keys(template.Resources)
    .filter(id => template.Resources[id].Type === type && filter(template.Resources[id].Properties ?? {}));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}
