/**
 * The rules AWS applies to VPC endpoint policies, checked on a resolved policy document (JSON with
 * CloudFormation intrinsics where tokens remain). Used by `EndpointPolicy.validate()` and by every
 * endpoint construct on its final policy at synth.
 */
import { maxJsonLength, ResourceTypeLookup } from './policy-length';
import { isIntrinsic } from './tokens';

/** The longest endpoint policy AWS accepts, in characters including white space. */
const MAX_POLICY_CHARACTERS = 20480;

/** Global condition keys that hold system-generated identifiers, in lower case. */
const SYSTEM_GENERATED_KEYS = new Set([
  'aws:principalaccount', 'aws:principalorgid', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:resourceaccount',
  'aws:resourceorgid', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpceaccount', 'aws:vpceorgid',
]);

/** The fewest non-wildcard characters that must sit right before or after each wildcard in a string condition. */
const MIN_CHARACTERS_AROUND_WILDCARD = 6;

/**
 * The problems with a resolved endpoint policy document, as messages that still read well when joined with '; '.
 *
 * @param resourceType the CloudFormation type of a resource in the policy's stack, by logical id; lets the size
 * rule bound `Ref`s and `Fn::GetAtt`s to those resources
 */
export function endpointPolicyProblems(json: any, gateway: boolean, resourceType: ResourceTypeLookup = () => undefined): string[] {
  if (json === undefined || json === null || json.Statement === undefined
    || (Array.isArray(json.Statement) && json.Statement.length === 0)) {
    return ['endpoint policy has no statements; add at least one statement with a Principal'];
  }
  if (isIntrinsic(json) || isIntrinsic(json.Statement)) return [];

  const problems: string[] = [];
  problems.push(...sizeProblems(json, resourceType));

  const statements: any[] = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  statements.forEach((statement, index) => {
    if (isIntrinsic(statement)) return;
    const where = `endpoint policy statement ${index + 1}`;
    problems.push(...principalProblems(statement, where, gateway));
    for (const element of ['Resource', 'NotResource']) {
      for (const value of asList(statement[element])) {
        const problem = arnAccountProblem(value);
        if (problem) problems.push(`${where} ${element} ${problem}`);
      }
    }
    problems.push(...conditionProblems(statement.Condition, where));
  });
  return problems;
}

/**
 * Rule: at most 20,480 characters. With intrinsics left (account, Region and partition in every stack without
 * `env`), the figure is an upper bound: each intrinsic counts as the longest value it can deploy as.
 */
function sizeProblems(json: any, resourceType: ResourceTypeLookup): string[] {
  if (!containsIntrinsic(json)) {
    const size = JSON.stringify(json).length;
    return size > MAX_POLICY_CHARACTERS
      ? [`endpoint policy is ${size} characters; the limit is ${MAX_POLICY_CHARACTERS}, so merge or shorten statements`]
      : [];
  }
  const bound = maxJsonLength(json, resourceType);
  if (bound === undefined || bound <= MAX_POLICY_CHARACTERS) return [];
  return [`endpoint policy can reach ${bound} characters once deployed (an upper bound: each CloudFormation reference counted `
    + 'at its longest value, such as a 12-digit account, the longest Region and partition names and full ARNs); '
    + `the limit is ${MAX_POLICY_CHARACTERS}, so merge or shorten statements`];
}

function principalProblems(statement: any, where: string, gateway: boolean): string[] {
  const principal = statement.Principal;
  if (principal === undefined) {
    return [`${where} has no Principal; endpoint policies need a Principal in every statement (use '*' and narrow with conditions)`];
  }
  if (gateway && !mayBeStar(principal)) {
    return [`gateway ${where} has Principal ${JSON.stringify(principal)}; gateway endpoints only accept '*', `
      + 'narrow with the aws:PrincipalArn condition key'];
  }
  return [];
}

/**
 * Whether a resolved Principal is '*', written '*', { AWS: '*' } or { AWS: ['*'] }, or is an unresolved
 * intrinsic that might resolve to '*'.
 */
function mayBeStar(principal: any): boolean {
  if (mayBeStarValue(principal)) return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  const keys = Object.keys(principal);
  if (keys.length !== 1 || keys[0] !== 'AWS') return false;
  const values = asList(principal.AWS);
  return values.length === 1 && mayBeStarValue(values[0]);
}

function mayBeStarValue(value: any): boolean {
  if (value === '*') return true;
  if (!isIntrinsic(value)) return false;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    // A join such as the ARN of iam.AccountPrincipal has literal text that shows it cannot be '*'.
    const parts: any[] = join[1];
    const literal = parts.filter(part => typeof part === 'string').join('') + (parts.length > 1 ? join[0] : '');
    return /^\**$/.test(literal);
  }
  return true;
}

function conditionProblems(condition: any, where: string): string[] {
  if (condition === undefined || condition === null || typeof condition !== 'object' || isIntrinsic(condition)) return [];
  const problems: string[] = [];
  for (const [operator, block] of Object.entries<any>(condition)) {
    if (block === null || typeof block !== 'object' || isIntrinsic(block)) continue;
    const baseOperator = operator.replace(/^(ForAnyValue|ForAllValues):/i, '').replace(/IfExists$/, '');
    const isString = /^String/i.test(baseOperator);
    const isNumeric = /^Numeric/i.test(baseOperator);
    for (const [key, raw] of Object.entries<any>(block)) {
      const systemKey = SYSTEM_GENERATED_KEYS.has(key.toLowerCase());
      if (systemKey && isNumeric) {
        problems.push(`${where} condition key ${key} cannot be used with numeric operator ${operator}; `
          + 'match system-generated identifiers exactly with StringEquals');
      }
      for (const value of asList(raw)) {
        if (typeof value !== 'string') continue;
        const hasWildcard = /[*?]/.test(value);
        if (systemKey && hasWildcard) {
          problems.push(`${where} condition key ${key} cannot be used with a wildcard ('${value}'); `
            + 'system-generated identifiers must be matched exactly');
        } else if (isString && hasWildcard && !wildcardsAnchored(value)) {
          problems.push(`${where} condition ${operator} ${key} value '${value}' has fewer than six consecutive characters around a wildcard; `
            + `put at least ${MIN_CHARACTERS_AROUND_WILDCARD} non-wildcard characters right before or after each '*' and '?'`);
        }
        const arnProblem = arnAccountProblem(value);
        if (arnProblem) problems.push(`${where} condition ${operator} ${key} value ${arnProblem}`);
      }
    }
  }
  return problems;
}

/** Whether every wildcard has enough non-wildcard characters right before it or right after it. */
function wildcardsAnchored(value: string): boolean {
  const runs = value.split(/[*?]/).map(part => part.length);
  // runs[i] is the text before wildcard i and runs[i + 1] the text after it.
  for (let i = 0; i < runs.length - 1; i++) {
    if (runs[i] < MIN_CHARACTERS_AROUND_WILDCARD && runs[i + 1] < MIN_CHARACTERS_AROUND_WILDCARD) return false;
  }
  return true;
}

/** A message tail when `value` is an ARN whose account part mixes digits and wildcards. */
function arnAccountProblem(value: any): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('arn:')) return undefined;
  const fields = value.split(':');
  if (fields.length < 5) return undefined;
  const account = fields[4];
  if (/[*?]/.test(account) && /[^*?]/.test(account)) {
    return `'${value}' has account part '${account}', which mixes an account id and a wildcard; `
      + "use the full 12-digit account id or only '*'";
  }
  return undefined;
}

function asList(value: any): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}


function containsIntrinsic(value: any): boolean {
  if (isIntrinsic(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(containsIntrinsic);
}
