// Which stage each event of the work enters, per programme: the office's rule (programme_id '') unless the
// programme names its own. Read by the kernel when work moves a case (ParticipantAccess.followEventInTx).
import type { RepoCore } from '../../kernel/context.ts';
import { AppError, notFound } from '../../errors.ts';
import { transact } from '../../db/write.ts';
import type { Stage } from '../../../shared/codes.ts';
import { DEFAULT_STAGE_RULES, FIXED_STAGE_EVENTS, STAGE_EVENTS, type StageEvent } from '../../../shared/stages.ts';

export class StageRuleStore {
  constructor(private readonly c: RepoCore) {}

  private get db() {
    return this.c.db;
  }

  async rules(programmeId: string) {
    this.c.check('programme.read');
    if (!(await this.db.selectFrom('programmes').select('id').where('id', '=', programmeId).executeTakeFirst()))
      throw notFound();
    const rows = await this.db
      .selectFrom('stage_rules')
      .select(['programme_id', 'event', 'stage'])
      .where('programme_id', 'in', ['', programmeId])
      .execute();
    return STAGE_EVENTS.map((event) => {
      const own = rows.find((r) => r.programme_id === programmeId && r.event === event);
      const office = rows.find((r) => r.programme_id === '' && r.event === event);
      return {
        event,
        stage: ((own ?? office)?.stage as Stage | undefined) ?? DEFAULT_STAGE_RULES[event],
        source: own ? ('programme' as const) : ('office' as const),
      };
    });
  }

  /**
   * The programme's own rules, replacing those it had. Registration, closure and follow-up after closure keep the
   * office's (a closure needs the head of section's approval); no other event closes a case.
   */
  async setRules(programmeId: string, rules: { event: StageEvent; stage: Stage }[]) {
    this.c.check('programme.manage');
    rules.forEach((r, i) => {
      const fixed = FIXED_STAGE_EVENTS.includes(r.event);
      const closes = r.stage === 'TERMINASI' || r.stage === 'BIMBINGAN_LANJUT';
      if (fixed || closes)
        throw new AppError(
          'validation_failed',
          400,
          fixed ? 'This event always follows the office’s rule' : 'Only an approved closure closes a case',
          [{ field: `body.rules.${i}.${fixed ? 'event' : 'stage'}`, message: 'Not allowed', code: 'invalid' }],
        );
    });
    if (new Set(rules.map((r) => r.event)).size !== rules.length)
      throw new AppError('validation_failed', 400, 'Each event at most once', [
        { field: 'body.rules', message: 'Repeated event', code: 'duplicate' },
      ]);
    await transact(this.db, async (trx) => {
      if (!(await trx.selectFrom('programmes').select('id').where('id', '=', programmeId).executeTakeFirst()))
        throw notFound();
      await trx.deleteFrom('stage_rules').where('programme_id', '=', programmeId).execute();
      if (rules.length > 0)
        await trx
          .insertInto('stage_rules')
          .values(
            rules.map((r) => ({
              programme_id: programmeId,
              event: r.event,
              stage: r.stage,
              updated_by: this.c.actorId(),
              updated_at: this.c.now(),
            })),
          )
          .execute();
      await this.c.auditInTx(trx, {
        action: 'programme.write',
        resourceType: 'programme',
        resourceId: programmeId,
        outcome: 'success',
        detail: { stageRules: rules.map((r) => `${r.event}:${r.stage}`) },
      });
    });
    return this.rules(programmeId);
  }
}
