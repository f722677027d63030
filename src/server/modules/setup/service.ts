// First-run setup: while no account exists, the server prints a one-time link; whoever holds it creates
// the first administrator (with two-factor sign-in). The token is stored only as a hash and dies once used.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Services, RequestMeta } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { countUsers, findAccountById, insertAccount } from '../../kernel/accounts.ts';
import { PROVINCE_CODE } from '../../../shared/regions.ts';
import type { SessionUser } from '../../../shared/api.ts';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { passwordPolicyError, toSessionUser, type AuthService } from '../auth/service.ts';
import { enrolmentPayload, matchTotp } from '../auth/totp.ts';
import { newTotpSecret } from '../auth/totp.ts';
import { transact } from '../../db/write.ts';
import { officeToday } from '../../clock.ts';
import { ACCOUNT_MANAGER_ROLE } from '../../policy/index.ts';

const hash = (t: string) => createHash('sha256').update(t).digest('hex');

export class SetupService {
  constructor(
    private readonly s: Services,
    private readonly auth: AuthService,
  ) {}

  async setupNeeded(): Promise<boolean> {
    return (await countUsers(this.s.db.kysely)) === 0;
  }

  /** When no account exists: replaces any unused token with a new one and returns it; otherwise null. */
  async issueToken(): Promise<string | null> {
    if (!(await this.setupNeeded())) return null;
    const token = randomBytes(24).toString('base64url');
    await transact(this.s.db.kysely, async (trx) => {
      await trx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
      await trx
        .insertInto('setup_tokens')
        .values({
          id: randomUUID(),
          token_hash: hash(token),
          created_at: this.s.clock.now().toISOString(),
          used_at: null,
        })
        .execute();
    });
    return token;
  }

  private async assertToken(token: string): Promise<string> {
    if (!(await this.setupNeeded()))
      throw new AppError('setup_not_available', 410, 'Setup is finished: sign in instead');
    const row = await this.s.db.kysely
      .selectFrom('setup_tokens')
      .select(['id', 'used_at'])
      .where('token_hash', '=', hash(token))
      .executeTakeFirst();
    if (!row || row.used_at)
      throw new AppError('setup_token_invalid', 403, 'This setup link is not valid (it may have been used already)');
    return row.id;
  }

  async mfaChallenge(token: string) {
    await this.assertToken(token);
    return enrolmentPayload(newTotpSecret(), 'admin');
  }

  async complete(
    input: { token: string; username: string; name?: string; password: string; totpSecret: string; totp: string },
    meta: RequestMeta,
  ): Promise<{ user: SessionUser; token: string }> {
    await this.assertToken(input.token);
    const problem = checkPasswordPolicy(input.password, input.username);
    if (problem) throw passwordPolicyError(problem);
    const step = matchTotp(input.totpSecret, input.totp, this.s.clock.now());
    if (step === null)
      throw new AppError('mfa_invalid', 400, 'The code does not match the QR code; try the next code', {
        field: 'totp',
      });
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    const at = this.s.clock.now().toISOString();
    const session = await transact(this.s.db.kysely, async (trx) => {
      // Mark the token used first, conditionally: of two racing requests only one gets past this.
      const used = await trx
        .updateTable('setup_tokens')
        .set({ used_at: at })
        .where('token_hash', '=', hash(input.token))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      const users = await countUsers(trx);
      if (Number(used.numUpdatedRows) !== 1 || users > 0) {
        throw new AppError('setup_token_invalid', 403, 'This setup link is not valid (it may have been used already)');
      }
      await insertAccount(trx, this.s.db.authChanges, {
        id,
        username: input.username,
        name: input.name ?? null,
        role: ACCOUNT_MANAGER_ROLE,
        regions: [PROVINCE_CODE],
        passwordHash,
        mustChangePassword: false,
        totpSecretSealed: this.auth.sealTotpSecret(id, input.totpSecret),
        at,
      });
      await this.s.db.authChanges.writing(trx, () =>
        trx.updateTable('users').set({ totp_last_step: step }).where('id', '=', id).execute(),
      );
      const created = await this.auth.sessions.create(trx, id, meta.ip);
      await this.s.audit.appendInTx(trx, [
        {
          action: 'setup.first_admin',
          actorId: id,
          actor: input.username,
          outcome: 'success',
          resourceType: 'user',
          resourceId: id,
          ip: meta.ip,
          requestId: meta.requestId,
        },
      ]);
      return created;
    });
    const account = await findAccountById(this.s.db.kysely, id);
    // The first account is the administrator's: she approves nothing.
    return { user: toSessionUser(account!, officeToday(this.s.clock)), token: session.token };
  }
}
