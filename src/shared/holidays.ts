// Days the office does not work, by province: national holidays (the decreed list where one is shipped, the
// date-holidays package for later years), collective leave days (cuti bersama) and local decrees from the office
// calendar (reference/office-calendar.json). Pure: the caller hands in the files' contents. Server only — the
// date-holidays package must not reach the web's first-load bundle (the web asks the server).
import Holidays from 'date-holidays';
import { eachDate } from './calendar.ts';

export interface OfficeCalendarDay {
  date: string;
  name: string;
}
export interface OfficeCalendar {
  years: Record<
    string,
    { status: 'decreed' | 'provisional'; decree?: string | null; note?: string; collectiveLeave: OfficeCalendarDay[] }
  >;
  /** Local holidays decreed by a governor, regent or mayor, for province or kabupaten/kota codes. */
  local: (OfficeCalendarDay & { regions: string[]; decree?: string })[];
}

export type HolidayKind = 'national' | 'collective_leave' | 'local';
export interface Holiday {
  date: string;
  name: string;
  kind: HolidayKind;
  /** From an office-calendar year still to be confirmed against the decree. */
  provisional?: boolean;
}

// The package's Indonesian names, by rule, in the words of the decree (its "27 Rajab" is misnamed Maulid).
const NAME_BY_RULE: Record<string, string> = {
  '01-01': 'Tahun Baru Masehi',
  '27 Rajab': 'Isra Mikraj Nabi Muhammad SAW',
  '1 Shawwal': 'Hari Raya Idulfitri',
  '2 Shawwal': 'Hari Raya Idulfitri',
  'easter -2': 'Wafat Isa Almasih',
  'easter 39': 'Kenaikan Isa Almasih',
  '10 Dhu al-Hijjah': 'Hari Raya Iduladha',
  '12 Rabi al-awwal': 'Maulid Nabi Muhammad SAW',
  '08-17': 'Hari Kemerdekaan RI',
};

export class HolidayCalendar {
  private readonly byYear = new Map<number, Map<string, Holiday[]>>();
  private readonly decreedYears: Set<number>;
  private readonly hd = new Holidays('ID');

  /**
   * @param office the office calendar file.
   * @param decreed national holidays as decreed (date → name), authoritative for every year it lists: the
   *   package computes lunar dates that can be a day off the decree.
   */
  constructor(
    private readonly office: OfficeCalendar,
    private readonly decreed: ReadonlyMap<string, string> = new Map(),
  ) {
    this.decreedYears = new Set([...decreed.keys()].map((d) => Number(d.slice(0, 4))));
  }

  /** True when the office calendar (collective leave) covers the year. */
  hasCalendarFor(year: number): boolean {
    return Object.hasOwn(this.office.years, String(year));
  }

  /** The years the office calendar covers, ascending, and which of them are still provisional. */
  calendarYears(): { years: number[]; provisional: number[] } {
    const years = Object.keys(this.office.years)
      .map(Number)
      .sort((a, b) => a - b);
    return { years, provisional: years.filter((y) => this.office.years[String(y)]!.status === 'provisional') };
  }

  /** The national holidays of a year: the decreed list if it covers the year, else the package's public holidays. */
  nationalHolidays(year: number): Holiday[] {
    if (this.decreedYears.has(year)) {
      return [...this.decreed]
        .filter(([d]) => d.startsWith(`${year}-`))
        .map(([date, name]) => ({ date, name, kind: 'national' as const }));
    }
    return this.hd
      .getHolidays(year, 'id')
      .filter((h) => h.type === 'public')
      .map((h) => ({ date: h.date.slice(0, 10), name: NAME_BY_RULE[h.rule] ?? h.name, kind: 'national' as const }));
  }

  private year(year: number): Map<string, Holiday[]> {
    let map = this.byYear.get(year);
    if (!map) {
      map = new Map();
      const add = (h: Holiday) => {
        const list = map!.get(h.date) ?? [];
        if (!list.some((x) => x.name === h.name)) list.push(h);
        map!.set(h.date, list);
      };
      for (const h of this.nationalHolidays(year)) add(h);
      const office = this.office.years[String(year)];
      for (const d of office?.collectiveLeave ?? [])
        add({ ...d, kind: 'collective_leave', ...(office!.status === 'provisional' ? { provisional: true } : {}) });
      this.byYear.set(year, map);
    }
    return map;
  }

  /** The holidays on a date for a province or kabupaten/kota code (national and collective leave apply everywhere). */
  holidaysOn(date: string, region: string): Holiday[] {
    const local = this.office.local.filter((l) => l.date === date && l.regions.some((r) => region.startsWith(r)));
    return [
      ...(this.year(Number(date.slice(0, 4))).get(date) ?? []),
      ...local.map((l) => ({ date: l.date, name: l.name, kind: 'local' as const })),
    ];
  }

  isHoliday(date: string, region: string): boolean {
    return this.holidaysOn(date, region).length > 0;
  }

  /** The names of the date's holidays joined with "; ", or undefined on a working day (a HolidayLookup). */
  holidayName(date: string, region: string): string | undefined {
    const list = this.holidaysOn(date, region);
    return list.length ? list.map((h) => h.name).join('; ') : undefined;
  }

  /** Every holiday from from to to (inclusive), in date order. */
  holidaysBetween(from: string, to: string, region: string): Holiday[] {
    return eachDate(from, to).flatMap((d) => this.holidaysOn(d, region));
  }
}
