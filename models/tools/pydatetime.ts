/**
 * The date names Odoo gives data-file expressions (odoo/tools/convert.py _get_idref): `datetime`
 * and `DateTime` (the datetime class: now(), today()), `timedelta` and `relativedelta`, with
 * `+`/`-` between them and `strftime`. Times are UTC, like the server's stored datetimes. The
 * objects answer the safe evaluator through `__getattr__`/`__add__`/`__sub__` hooks.
 */
import type { Clock } from './clock';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A datetime.datetime (or datetime.date with `dateOnly`) value, in UTC. */
export class PyDateTime {
  constructor(readonly time: Date, readonly dateOnly = false) {}

  /** The field value Odoo writes for it: 'YYYY-MM-DD HH:MM:SS' (or 'YYYY-MM-DD' for a date). */
  toOdoo(): string {
    return this.strftime(this.dateOnly ? '%Y-%m-%d' : '%Y-%m-%d %H:%M:%S');
  }
  strftime(fmt: string): string {
    const d = this.time;
    return fmt.replace(/%([YmdHMSyj%])/g, (_m, c: string) => {
      switch (c) {
        case 'Y': return pad(d.getUTCFullYear(), 4);
        case 'y': return pad(d.getUTCFullYear() % 100);
        case 'm': return pad(d.getUTCMonth() + 1);
        case 'd': return pad(d.getUTCDate());
        case 'H': return pad(d.getUTCHours());
        case 'M': return pad(d.getUTCMinutes());
        case 'S': return pad(d.getUTCSeconds());
        case 'j': return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
        default: return '%';
      }
    });
  }
  __getattr__(name: string): unknown {
    switch (name) {
      case 'strftime': return (fmt: string) => this.strftime(fmt);
      case 'date': return () => new PyDateTime(new Date(Date.UTC(this.time.getUTCFullYear(), this.time.getUTCMonth(), this.time.getUTCDate())), true);
      case 'isoformat': return () => (this.dateOnly ? this.strftime('%Y-%m-%d') : this.strftime('%Y-%m-%dT%H:%M:%S'));
      case 'year': return this.time.getUTCFullYear();
      case 'month': return this.time.getUTCMonth() + 1;
      case 'day': return this.time.getUTCDate();
      default: throw new Error(`'datetime' object has no attribute '${name}'`);
    }
  }
  __add__(other: unknown): PyDateTime {
    if (other instanceof PyDelta) return other.applyTo(this, 1);
    throw new TypeError('unsupported operand type(s) for +');
  }
  __radd__(other: unknown): PyDateTime { return this.__add__(other); }
  __sub__(other: unknown): PyDateTime {
    if (other instanceof PyDelta) return other.applyTo(this, -1);
    throw new TypeError('unsupported operand type(s) for -');
  }
  toString(): string { return this.toOdoo(); }
}

/** timedelta / relativedelta: calendar parts (years, months) then exact ones (weeks … seconds). */
export class PyDelta {
  constructor(readonly parts: Record<string, number>) {}
  applyTo(dt: PyDateTime, sign: 1 | -1): PyDateTime {
    const p = this.parts;
    const d = new Date(dt.time.getTime());
    const months = sign * ((p.years ?? 0) * 12 + (p.months ?? 0));
    if (months) {
      // relativedelta keeps the day of month, clipped to the target month's length
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + months);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
    }
    const ms = ((p.weeks ?? 0) * 7 * 86400 + (p.days ?? 0) * 86400 + (p.hours ?? 0) * 3600 + (p.minutes ?? 0) * 60 + (p.seconds ?? 0)) * 1000;
    return new PyDateTime(new Date(d.getTime() + sign * ms), dt.dateOnly);
  }
  __radd__(other: unknown): PyDateTime {
    if (other instanceof PyDateTime) return this.applyTo(other, 1);
    throw new TypeError('unsupported operand type(s) for +');
  }
}

function deltaFactory(positional: string[]) {
  return (...args: unknown[]): PyDelta => {
    const parts: Record<string, number> = {};
    const last = args[args.length - 1];
    const kwargs = last && typeof last === 'object' && !(last instanceof PyDelta) ? (args.pop() as Record<string, unknown>) : {};
    args.forEach((v, i) => { parts[positional[i]] = Number(v) || 0; });
    for (const [k, v] of Object.entries(kwargs)) parts[k] = Number(v) || 0;
    return new PyDelta(parts);
  };
}

/** The `datetime` class as data files use it: datetime.now(), datetime.today(). */
function datetimeClassAt(clock: Clock) {
  const now = () => new PyDateTime(new Date(clock.now()));
  return Object.freeze({ now, today: now, utcnow: now });
}

/** Names added to the evaluation context of data files; "now" is the database's clock. */
export function dataFileDateNames(clock: Clock): Record<string, unknown> {
  const datetimeClass = datetimeClassAt(clock);
  return {
    datetime: datetimeClass,
    DateTime: datetimeClass,
    timedelta: deltaFactory(['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks']),
    relativedelta: deltaFactory([]),
  };
}
