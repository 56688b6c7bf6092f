import { Inject, Injectable } from '@nestjs/common';
import type { CloudEvent } from '@urp/contracts';
import { ServiceKernel, type Actor } from '@urp/kernel';
import { LegalCalendar, romeCivilDate, type CivilDate } from '@urp/legal-clock';
import { PROCEDURES_CONFIG, procedureStatusPageUrl, type ProceduresConfig } from '../config';
import type { ClockContext } from './procedure.state';

/** The legal clock never acts on anyone's behalf: its events are the law's, at the time the clock reads. */
export const LEGAL_CLOCK_ACTOR: Actor = { sub: 'legal-clock', roles: ['service'] };

type CalendarConfig = Pick<
  ProceduresConfig,
  | 'PATRON_SAINT_DAY'
  | 'PATRON_SAINT_NAME'
  | 'SATURDAY_IS_WORKING_DAY'
  | 'WARNING_DAYS'
  | 'ADMINISTRATION_NAME'
  | 'ADMINISTRATION_PEC'
  | 'ACTS_VIEWING'
  | 'INACTION_REMEDIES'
> &
  Partial<Pick<ProceduresConfig, 'PROCEDURE_STATUS_PAGE_URL' | 'PORT'>>;

/**
 * The context of a procedure's use case: the kernel's (actor, the one clock, cause) plus the administration's
 * legal calendar (patron saint, Saturdays) and the warning days from the configuration.
 */
@Injectable()
export class ProcedureContexts {
  readonly calendar: LegalCalendar;

  constructor(
    @Inject(PROCEDURES_CONFIG) private readonly config: CalendarConfig,
    private readonly kernel: ServiceKernel,
  ) {
    this.calendar = new LegalCalendar({
      ...(config.PATRON_SAINT_DAY
        ? { patronSaint: { ...config.PATRON_SAINT_DAY, name: config.PATRON_SAINT_NAME } }
        : {}),
      saturdayIsWorkingDay: config.SATURDAY_IS_WORKING_DAY,
    });
  }

  of(actor: Actor): ClockContext {
    return this.withCalendar(this.kernel.context(actor));
  }

  reaction(event: CloudEvent, actor: Actor): ClockContext {
    return this.withCalendar(this.kernel.reaction(event, actor));
  }

  /** Today in Italy, by the service's clock. */
  today(): CivilDate {
    return romeCivilDate(this.kernel.clock.now());
  }

  private withCalendar(base: ReturnType<ServiceKernel['context']>): ClockContext {
    return {
      ...base,
      calendar: this.calendar,
      today: romeCivilDate(base.now),
      warningDays: this.config.WARNING_DAYS,
      notices: {
        administrationName: this.config.ADMINISTRATION_NAME,
        digitalAddress: this.config.ADMINISTRATION_PEC,
        actsViewing: this.config.ACTS_VIEWING,
        inactionRemedies: this.config.INACTION_REMEDIES,
        statusPage: procedureStatusPageUrl(this.config),
      },
    };
  }
}
