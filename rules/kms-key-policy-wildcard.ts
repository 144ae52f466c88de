import { defineRule, parseNativePath, ref } from '../server/src/engine';
import type { PolicyStatement, PrincipalEntry } from '../server/src/engine';
import { hasConditionKey, isAccountRoot, isAllow, isReadable, textOf, wildcardPrincipals } from '../server/src/engine/rules/policy-semantics';

/** Condition keys that limit a `*` principal to known accounts, organisations, services or networks (RULES.md). */
const SCOPING_KEYS: ReadonlySet<string> = new Set([
  'kms:calleraccount',
  'kms:viaservice',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourcevpce',
  'aws:sourcevpc',
]);

/** True when the principal is certainly not an account root; undefined when it can't be told. */
function isOtherThanRoot(entry: PrincipalEntry): boolean | undefined {
  if (entry.kind === '*' || entry.kind === 'Service' || entry.kind === 'Federated' || entry.kind === 'CanonicalUser') return true;
  const root = isAccountRoot(entry);
  return root === undefined ? undefined : !root;
}

function fullAccessAction(statement: PolicyStatement) {
  if (statement.notAction) return undefined;
  return statement.actions.find((action) => action.origin === 'explicit' && /^(kms:)?\*$/i.test(action.value ?? ''));
}

export default defineRule({
  meta: {
    id: 'KMS-002',
    name: 'kms-key-policy-wildcard',
    title: 'Key policy open to everyone',
    why: 'A * principal without a scoping condition lets every identity in every AWS account use the key.',
    severity: 'error',
    messages: {
      wildcardPrincipal: {
        text: 'KMS key {{key}} allows principal {{principal}} without a condition that limits it to your accounts or services, so every identity in every AWS account can use the key as far as this statement goes. Name the principals, or add a condition such as kms:CallerAccount or aws:PrincipalOrgID.',
        severity: 'error',
      },
      fullAccess: {
        text: 'KMS key {{key}} allows {{action}} to {{principal}}, which is not the account root. kms:* includes changing the key policy and scheduling key deletion. Grant only the actions this principal needs, and keep kms:* for the account root.',
        why: 'kms:* includes kms:PutKeyPolicy and kms:ScheduleKeyDeletion: whoever holds it can take the key away from the account or delete it.',
        severity: 'warning',
      },
    },
    fix: { title: 'Add a kms:CallerAccount condition', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const key of model.keys) {
      if (!isReadable(key.policy)) continue;
      for (const statement of key.policy.statements) {
        if (!isAllow(statement) || !statement.conditionsResolved) continue;
        const wildcard = statement.notPrincipal ?? wildcardPrincipals(statement)[0]?.value;
        if (wildcard && !hasConditionKey(statement, SCOPING_KEYS)) {
          const principal = statement.notPrincipal ? 'everyone outside NotPrincipal' : '"*"';
          // A suggestion: limits the statement to callers from this account (kms:CallerAccount).
          const statementPath = parseNativePath(statement.effect.nativePath).slice(0, -1);
          const fix = { kind: 'set' as const, resourceId: key.resource.id, path: [...statementPath, 'Condition', 'StringEquals', 'kms:CallerAccount'], value: ref('AWS::AccountId') };
          report({
            messageId: 'wildcardPrincipal',
            at: wildcard,
            resource: key.resource,
            data: { key: key.resource.id, principal },
            fixes: statement.notPrincipal ? [] : [{ title: 'Limit the statement to this account (kms:CallerAccount)', safety: 'unsafe', intents: [fix], suggestion: true }],
          });
          continue;
        }
        const action = fullAccessAction(statement);
        if (!action || !statement.principals || !statement.principalsResolved) continue;
        const others = statement.principals.filter((entry) => isOtherThanRoot(entry) === true);
        if (others.length === 0) continue;
        const principal = others.map((entry) => (entry.kind === '*' ? '"*"' : `${entry.kind} ${textOf(entry.value)}`)).join(', ');
        report({ messageId: 'fullAccess', at: action, resource: key.resource, data: { key: key.resource.id, action: action.value!, principal } });
      }
    }
  },
});
