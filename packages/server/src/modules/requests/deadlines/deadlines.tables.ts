import type { Bool } from '../../../platform/db/schema.ts';

export type AlertKind = 'reminder' | 'escalation';

declare module '../../../platform/db/schema.ts' {
  interface Tables {
    /** A running (or ended) clock: a copy of the rule it follows, so it shows its citation forever. */
    request_deadline: {
      id: string;
      request_id: string;
      rule_id: string;
      instrument_id: string | null;
      basis: 'law' | 'requested-date';
      owner_side: 'requesting' | 'requested';
      owner_agency_id: string;
      event: string;
      action: string;
      duration: string | null;
      day_kind: 'calendar' | 'working';
      citation: string;
      verified: Bool;
      note: string | null;
      ext_duration: string | null;
      ext_condition: string | null;
      ext_citation: string | null;
      ext_verified: Bool | null;
      ext_applied: Bool;
      ext_reasons: string | null;
      started_at: string;
      base_due_at: string;
      due_at: string;
      paused_ms: number;
      paused_at: string | null;
      pause_reason: string | null;
      status: 'running' | 'paused' | 'met' | 'stopped';
      ended_at: string | null;
      ended_reason: string | null;
      created_at: string;
      /**
       * When this clock's next alert is due, and which: the reminder before it is due, then the
       * escalation once it is; null when none is pending (both delivered, or the clock not running).
       */
      alert_at: string | null;
      alert_kind: AlertKind | null;
    };
  }
}
