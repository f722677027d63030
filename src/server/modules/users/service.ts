// Staff accounts: the rules for creating and changing them (password policy, 2FA for some roles,
// sessions ended when an account is deactivated or its password reset). Storage and audit: the repository.
import type { Repository } from '../repository.ts';
import type { Role } from '../../../shared/roles.ts';
import { roleRequiresMfa } from '../../../shared/roles.ts';
import type { UserView } from '../../../shared/api.ts';
import type { AuthService } from '../auth/service.ts';
import { passwordPolicyError } from '../auth/service.ts';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { newTotpSecret } from '../auth/totp.ts';

export interface CreateUserInput {
  username: string;
  role: Role;
  regions: string[];
  password: string;
  name?: string;
  email?: string;
}

/**
 * The hash of a new account's password, once it meets the policy. A caller that creates the account inside a
 * transaction (an idempotent request) hashes first, so the slow hash never holds the database's write lock.
 */
export async function hashNewPassword(input: Pick<CreateUserInput, 'password' | 'username'>): Promise<string> {
  const problem = checkPasswordPolicy(input.password, input.username);
  if (problem) throw passwordPolicyError(problem);
  return hashPassword(input.password);
}

/**
 * Creates an account. From the admin screen the password is a temporary one the user must change, and an account
 * that may read cases waits for a second person; from the server's console (`berdaya user create`, mode
 * 'console') or named system work ('cli': test fixtures, the demo seed) the user chose it, a 2FA secret is made at
 * once for roles that need it, and the account is made directly — the console's is flagged on start pages.
 */
export async function createUser(
  repo: Repository,
  auth: AuthService,
  input: CreateUserInput,
  mode: 'administrator_screen' | 'cli' | 'console',
  hashed?: string,
): Promise<{ user: UserView; totpSecret?: string }> {
  const passwordHash = hashed ?? (await hashNewPassword(input));
  const totpSecret = mode !== 'administrator_screen' && roleRequiresMfa(input.role) ? newTotpSecret() : undefined;
  const user = await repo.users.create({
    username: input.username,
    name: input.name ?? null,
    email: input.email ?? null,
    role: input.role,
    regions: [...new Set(input.regions)].sort(),
    passwordHash,
    mustChangePassword: mode === 'administrator_screen',
    totpSecretSealed: (id) => (totpSecret ? auth.sealTotpSecret(id, totpSecret) : null),
    viaConsole: mode === 'console',
  });
  return totpSecret ? { user, totpSecret } : { user };
}

export interface UpdateUserInput {
  name?: string | null;
  email?: string | null;
  role?: Role;
  regions?: string[];
  active?: boolean;
  resetMfa?: true;
  resetPassword?: string;
}

export async function updateUser(
  repo: Repository,
  auth: AuthService,
  id: string,
  input: UpdateUserInput,
  expectedVersion: number,
) {
  let passwordHash: string | undefined;
  if (input.resetPassword) {
    const problem = checkPasswordPolicy(input.resetPassword);
    if (problem) throw passwordPolicyError(problem, 'resetPassword');
    passwordHash = await hashPassword(input.resetPassword);
  }
  return repo.users.update(
    id,
    {
      name: input.name,
      email: input.email,
      role: input.role,
      regions: input.regions ? [...new Set(input.regions)] : undefined,
      active: input.active,
      resetMfa: input.resetMfa,
      passwordHash,
    },
    expectedVersion,
    async (trx, before) => {
      if (input.resetPassword) {
        const problem = checkPasswordPolicy(input.resetPassword, before.username);
        if (problem) throw passwordPolicyError(problem, 'resetPassword');
      }
      // Deactivation, a password reset or a 2FA reset ends every session of that account at once.
      if (input.active === false || passwordHash || input.resetMfa) await auth.sessions.revokeAllForUser(trx, id);
    },
  );
}
