/**
 * A subset of SNS filter-policy matching, for counting deliveries (the CloudWatch `NumberOfMessagesSent` model); the
 * delivery itself is moto's. Follows the Amazon SNS Developer Guide, "Amazon SNS subscription filter policies" and
 * its operator pages (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html): a message is
 * accepted when each property name of the policy matches a message attribute (scope `MessageAttributes`, the default)
 * or a body property (scope `MessageBody`), and at least one of the property's values matches.
 *
 * Supported: exact strings and numbers, `prefix`, `suffix`, `anything-but` (value or list), `exists`, nested keys
 * in the MessageBody scope. Anything else throws, naming the operator, rather than guessing.
 */

type Attributes = Record<string, string | number>;

/** Whether a message with these attributes (or this JSON body) passes the filter policy. `undefined`/empty policy: yes. */
export function matchesFilterPolicy(policy: string | undefined, scope: string | undefined, attributes: Attributes, body: string): boolean {
  if (!policy || policy === '{}') return true;
  const parsed = JSON.parse(policy) as Record<string, unknown>;
  if (scope === 'MessageBody') {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return false;
    }
    return matchObject(parsed, message);
  }
  return Object.entries(parsed).every(([key, conditions]) => matchValue(conditions, key in attributes, attributes[key]));
}

function matchObject(policy: Record<string, unknown>, value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const object = value as Record<string, unknown>;
  return Object.entries(policy).every(([key, conditions]) => {
    if (conditions && typeof conditions === 'object' && !Array.isArray(conditions)) {
      return matchObject(conditions as Record<string, unknown>, object[key]);
    }
    const present = key in object;
    const actual = object[key];
    return matchValue(conditions, present, typeof actual === 'string' || typeof actual === 'number' ? actual : undefined);
  });
}

function matchValue(conditions: unknown, present: boolean, actual: string | number | undefined): boolean {
  const list = Array.isArray(conditions) ? conditions : [conditions];
  return list.some((condition) => matchCondition(condition, present, actual));
}

function matchCondition(condition: unknown, present: boolean, actual: string | number | undefined): boolean {
  if (typeof condition === 'string' || typeof condition === 'number') return present && String(actual) === String(condition);
  if (!condition || typeof condition !== 'object') throw new Error(`unsupported filter condition ${JSON.stringify(condition)}`);
  const [operator, operand] = Object.entries(condition as Record<string, unknown>)[0] ?? [];
  switch (operator) {
    case 'exists':
      return present === operand;
    case 'prefix':
      return present && String(actual).startsWith(String(operand));
    case 'suffix':
      return present && String(actual).endsWith(String(operand));
    case 'anything-but': {
      const excluded = (Array.isArray(operand) ? operand : [operand]).map(String);
      return present && !excluded.includes(String(actual));
    }
    default:
      throw new Error(`the account-true delivery count does not model the SNS filter operator '${operator}'`);
  }
}
