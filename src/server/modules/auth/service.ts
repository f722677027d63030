// Sign-in, sign-out, password change and two-factor enrolment. The rules of authentication live here;
// routes only translate HTTP to these calls.
import type { Services, RequestMeta } from '../../context.ts';
import type { SessionUser } from '../../../shared/api.ts';
import { roleRequiresMfa, type Role } from '../../../shared/roles.ts';
import { AppError } from '../../errors.ts';
import { ACTIONS, can } from '../../policy/index.ts';
import { createHmac, randomUUID } from 'node:crypto';
import { seal, openText } from '../../crypto/seal.ts';
import type { AuditEvent } from '../../audit/events.ts';
import {
  consumeTotpStep,
  enableTotp,
  findAccountById,
  findAccountByUsername,
  setPassword,
  withGrants,
  type SessionAccount,
} from '../../kernel/accounts.ts';
import { approvalsOn } from '../../kernel/approvals.ts';
import { officeToday } from '../../clock.ts';
import {
  burnPasswordCheck,
  checkPasswordPolicy,
  hashPassword,
  verifyPassword,
  type PasswordProblem,
} from './passwords.ts';
import { DeviceCookies, LoginThrottle, type ThrottleKey } from './throttle.ts';
import { queueAlertEmails } from '../../notify/email.ts';
import { SessionStore } from './sessions.ts';
import { enrolmentPayload, matchTotp, newTotpSecret } from './totp.ts';
import { transact } from '../../db/write.ts';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  too_short: 'Use at least 12 characters',
  too_long: 'Use at most 256 characters',
  common: 'This password is too common; choose a longer phrase of your own',
  contains_username: 'The password must not contain the username',
};

export function passwordPolicyError(problem: PasswordProblem, field = 'password'): AppError {
  return new AppError('password_policy', 400, PASSWORD_MESSAGES[problem], { field, problem });
}

/** Her account as the web app sees it; `today` narrows what she approves to the office day. */
export function toSessionUser(a: SessionAccount, today: string): SessionUser {
  const mfaEnabled = a.totp_enabled === 1;
  const actor = { id: a.id, role: a.role as Role, regions: a.regions, approves: approvalsOn(a.grants, today) };
  return {
    id: a.id,
    username: a.username,
    name: a.name,
    role: a.role as Role,
    regions: a.regions,
    mustChangePassword: a.must_change_password === 1,
    mustEnrolMfa: roleRequiresMfa(a.role as Role) && !mfaEnabled,
    mfaEnabled,
    can: ACTIONS.filter((action) => can(actor, action)),
  };
}

const invalidCredentials = () => new AppError('invalid_credentials', 401, 'Wrong username or password');

export class AuthService {
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;

  constructor(private readonly s: Services) {
    this.sessions = new SessionStore(
      s.db.kysely,
      s.clock,
      { idleMs: s.config.sessionIdleMs, absoluteMs: s.config.sessionAbsoluteMs },
      s.db.authChanges,
    );
    this.throttle = new LoginThrottle(s.db.kysely, s.clock);
  }

  private sealKey() {
    return this.s.keys.subkey('system-secrets');
  }

  /** Device cookies are signed with a key of their own, derived from the system secrets (loaded after start-up). */
  private get devices(): DeviceCookies {
    return new DeviceCookies(createHmac('sha256', this.sealKey()).update('berdaya:device-cookie').digest());
  }

  /**
   * A flood of failed sign-ins on a staff account reached its limit: the heads of section of her regions are
   * alerted (and mailed, without names), once per delay that starts.
   */
  private async alertFlood(account: { id: string; regions: string[] }): Promise<void> {
    if (account.regions.length === 0) return;
    const now = this.s.clock.now().toISOString();
    let mailed = 0;
    await transact(this.s.db.kysely, async (trx) => {
      for (const regionCode of account.regions) {
        await trx
          .insertInto('alerts')
          .values({
            id: randomUUID(),
            kind: 'signin_flood',
            region_code: regionCode,
            resource_type: 'user',
            resource_id: account.id,
            created_at: now,
            acknowledged_by: null,
            acknowledged_at: null,
          })
          .execute();
        mailed += await queueAlertEmails(trx, this.s.config, now, { kind: 'signin_flood', regionCode });
      }
    });
    if (mailed > 0) this.s.mail?.kick();
  }

  sealTotpSecret(userId: string, secret: string): string {
    return seal(this.sealKey(), this.s.keys.kekId, secret, `users|totp_secret|${userId}`);
  }

  private openTotpSecret(userId: string, sealed: string): string {
    return openText(this.sealKey(), sealed, `users|totp_secret|${userId}`);
  }

  private async audit(event: AuditEvent): Promise<void> {
    await this.s.audit.record(event);
  }

  async login(
    input: { username: string; password: string; totp?: string },
    meta: RequestMeta,
    deviceCookie?: string,
  ): Promise<{ user: SessionUser; token: string; deviceCookie: string }> {
    const devices = this.devices;
    const device = devices.deviceOf(input.username, deviceCookie);
    // Counted before anything is checked: from her own device on its own budget, else with every other client.
    const keys: ThrottleKey[] = [
      device ? { kind: 'device', value: `${input.username}|${device}` } : { kind: 'account', value: input.username },
    ];
    if (meta.ip) keys.push({ kind: 'ip', value: meta.ip });
    const base = { ip: meta.ip, requestId: meta.requestId, resourceType: 'session' as const };
    const throttled = async (err: unknown) => {
      await this.audit({
        ...base,
        action: 'auth.login_throttled',
        actorId: null,
        actor: input.username,
        outcome: 'denied',
      });
      return err;
    };
    let reached: ThrottleKey[];
    try {
      reached = await this.throttle.claim(keys);
    } catch (err) {
      throw await throttled(err);
    }
    const account = await findAccountByUsername(this.s.db.kysely, input.username);
    if (account && reached.some((k) => k.kind === 'account')) await this.alertFlood(account);
    // Unknown and inactive users take the same path, with a real hash check, as a wrong password.
    let passwordOk = false;
    if (account && account.active === 1) passwordOk = await verifyPassword(account.password_hash, input.password);
    else await burnPasswordCheck(input.password);
    if (!account || !passwordOk) {
      await this.audit({
        ...base,
        action: 'auth.login_failed',
        actorId: account?.id ?? null,
        actor: input.username,
        outcome: 'failure',
        detail: { reason: 'credentials' },
      });
      throw invalidCredentials();
    }
    const factorKeys: ThrottleKey[] = [];
    if (account.totp_enabled === 1 && account.totp_secret) {
      if (!input.totp) {
        // Her password was right: that was no guess. The code is asked for next.
        await this.throttle.giveBack(keys);
        throw new AppError('mfa_required', 401, 'Enter the six-digit code from your authenticator app');
      }
      // Codes are counted on their own, per account and client, before one is checked.
      factorKeys.push({ kind: 'factor', value: `${account.username}|${device ?? '-'}` });
      try {
        if ((await this.throttle.claim(factorKeys)).length > 0) await this.alertFlood(account);
      } catch (err) {
        throw await throttled(err);
      }
      const step = matchTotp(
        this.openTotpSecret(account.id, account.totp_secret),
        input.totp.trim(),
        this.s.clock.now(),
      );
      const fresh = step !== null && (await consumeTotpStep(this.s.db.kysely, this.s.db.authChanges, account.id, step));
      if (!fresh) {
        await this.audit({
          ...base,
          action: 'auth.login_failed',
          actorId: account.id,
          actor: account.username,
          outcome: 'failure',
          detail: { reason: 'mfa' },
        });
        throw new AppError('mfa_invalid', 401, 'The code is wrong or was already used; wait for the next code');
      }
    }
    await this.throttle.succeeded([...keys, ...factorKeys]);
    const { token } = await transact(this.s.db.kysely, async (trx) => {
      const created = await this.sessions.create(trx, account.id, meta.ip);
      await this.s.audit.appendInTx(trx, [
        {
          ...base,
          action: 'auth.login',
          actorId: account.id,
          actor: account.username,
          outcome: 'success',
          resourceType: 'user',
          resourceId: account.id,
        },
      ]);
      return created;
    });
    return {
      user: toSessionUser(await withGrants(this.s.db.kysely, account), officeToday(this.s.clock)),
      token,
      // Her device keeps its cookie; a new one gets its own.
      deviceCookie: device && deviceCookie ? deviceCookie : devices.issue(account.username),
    };
  }

  async logout(sessionId: string, account: SessionAccount, meta: RequestMeta): Promise<void> {
    await transact(this.s.db.kysely, async (trx) => {
      await this.sessions.revoke(trx, sessionId);
      await this.s.audit.appendInTx(trx, [
        {
          action: 'auth.logout',
          actorId: account.id,
          actor: account.username,
          outcome: 'success',
          resourceType: 'user',
          resourceId: account.id,
          ip: meta.ip,
          requestId: meta.requestId,
        },
      ]);
    });
  }

  /** Changes the password, ends every session of the user and returns a fresh one for this client. */
  async changePassword(
    account: SessionAccount,
    input: { currentPassword: string; newPassword: string },
    meta: RequestMeta,
  ): Promise<{ token: string; user: SessionUser }> {
    // Her current password is a guess like any other: counted before it is checked (her own key: a signed-in
    // session, so her sign-in budgets are not touched).
    const keys: ThrottleKey[] = [{ kind: 'factor', value: `${account.username}|password-change` }];
    await this.throttle.claim(keys);
    const stored = await findAccountById(this.s.db.kysely, account.id);
    if (!stored || !(await verifyPassword(stored.password_hash, input.currentPassword))) {
      await this.audit({
        action: 'auth.password_change',
        actorId: account.id,
        actor: account.username,
        outcome: 'failure',
        ip: meta.ip,
        requestId: meta.requestId,
      });
      throw new AppError('invalid_credentials', 400, 'The current password is wrong', { field: 'currentPassword' });
    }
    const problem = checkPasswordPolicy(input.newPassword, account.username);
    if (problem) throw passwordPolicyError(problem, 'newPassword');
    if (input.newPassword === input.currentPassword) {
      throw new AppError('password_policy', 400, 'Choose a password different from the current one', {
        field: 'newPassword',
        problem: 'same',
      });
    }
    await this.throttle.succeeded(keys);
    const hash = await hashPassword(input.newPassword);
    const at = this.s.clock.now().toISOString();
    const token = await transact(this.s.db.kysely, async (trx) => {
      await setPassword(trx, this.s.db.authChanges, account.id, hash, false, at);
      await this.sessions.revokeAllForUser(trx, account.id);
      const created = await this.sessions.create(trx, account.id, meta.ip);
      await this.s.audit.appendInTx(trx, [
        {
          action: 'auth.password_change',
          actorId: account.id,
          actor: account.username,
          outcome: 'success',
          resourceType: 'user',
          resourceId: account.id,
          ip: meta.ip,
          requestId: meta.requestId,
        },
      ]);
      return created.token;
    });
    const updated = await withGrants(this.s.db.kysely, (await findAccountById(this.s.db.kysely, account.id))!);
    return { token, user: toSessionUser(updated, officeToday(this.s.clock)) };
  }

  /** Starts enrolment: a new secret, kept sealed on the session until a code confirms it. */
  async startMfaEnrolment(sessionId: string, account: SessionAccount) {
    if (account.totp_enabled === 1)
      throw new AppError(
        'mfa_already_enabled',
        409,
        'Two-factor sign-in is already set up; an administrator can reset it',
      );
    const secret = newTotpSecret();
    await this.sessions.setPendingTotp(
      this.s.db.kysely,
      sessionId,
      seal(this.sealKey(), this.s.keys.kekId, secret, `sessions|pending_totp_secret|${sessionId}`),
    );
    return enrolmentPayload(secret, account.username);
  }

  async confirmMfaEnrolment(
    sessionId: string,
    account: SessionAccount,
    code: string,
    meta: RequestMeta,
  ): Promise<SessionUser> {
    const pendingSealed = (
      await this.s.db.kysely
        .selectFrom('sessions')
        .select('pending_totp_secret')
        .where('id', '=', sessionId)
        .executeTakeFirst()
    )?.pending_totp_secret;
    if (!pendingSealed) throw new AppError('mfa_enrolment_not_started', 409, 'Start the enrolment first');
    const secret = openText(this.sealKey(), pendingSealed, `sessions|pending_totp_secret|${sessionId}`);
    const step = matchTotp(secret, code, this.s.clock.now());
    if (step === null) {
      await this.audit({
        action: 'auth.mfa_enrol',
        actorId: account.id,
        actor: account.username,
        outcome: 'failure',
        ip: meta.ip,
        requestId: meta.requestId,
      });
      throw new AppError(
        'mfa_invalid',
        400,
        'The code does not match; check the time on your phone and try the next code',
        { field: 'totp' },
      );
    }
    await transact(this.s.db.kysely, async (trx) => {
      await enableTotp(
        trx,
        this.s.db.authChanges,
        account.id,
        this.sealTotpSecret(account.id, secret),
        step,
        this.s.clock.now().toISOString(),
      );
      await this.sessions.setPendingTotp(trx, sessionId, null);
      await this.s.audit.appendInTx(trx, [
        {
          action: 'auth.mfa_enrol',
          actorId: account.id,
          actor: account.username,
          outcome: 'success',
          resourceType: 'user',
          resourceId: account.id,
          ip: meta.ip,
          requestId: meta.requestId,
        },
      ]);
    });
    return toSessionUser(
      await withGrants(this.s.db.kysely, (await findAccountById(this.s.db.kysely, account.id))!),
      officeToday(this.s.clock),
    );
  }
}
