/**
 * Every migration, in the order they apply (timestamp-named, sorted by name). Listed statically so
 * the server also runs as one bundled file, where no migrations folder exists to read; the
 * migrations test checks this list against the folder, so a new file cannot be forgotten here.
 */
import type { Migration } from 'kysely/migration';
import * as m202611290001_platform from './202611290001_platform.ts';
import * as m202611290002_identity from './202611290002_identity.ts';
import * as m202611290003_audit from './202611290003_audit.ts';
import * as m202611290004_cases from './202611290004_cases.ts';
import * as m202611290101_legal from './202611290101_legal.ts';
import * as m202611290102_requests from './202611290102_requests.ts';
import * as m202611290103_directory from './202611290103_directory.ts';
import * as m202611290201_lifecycle from './202611290201_lifecycle.ts';
import * as m202611290202_deadlines_tasks from './202611290202_deadlines_tasks.ts';
import * as m202611290203_notifications from './202611290203_notifications.ts';
import * as m202611290301_federation from './202611290301_federation.ts';
import * as m202611290401_messaging from './202611290401_messaging.ts';
import * as m202611290402_evidence from './202611290402_evidence.ts';
import * as m202611290501_federated_requests from './202611290501_federated_requests.ts';
import * as m202611290502_evidence_remote from './202611290502_evidence_remote.ts';
import * as m202611300301_federation_receipt_lists from './202611300301_federation_receipt_lists.ts';
import * as m202611300401_domain_event_log from './202611300401_domain_event_log.ts';
import * as m202611300402_received_request_clocks from './202611300402_received_request_clocks.ts';
import * as m202611300501_received_request_exercise from './202611300501_received_request_exercise.ts';
import * as m202612010001_inbox_view_unique_name from './202612010001_inbox_view_unique_name.ts';
import * as m202612010002_notification_task_done from './202612010002_notification_task_done.ts';
import * as m202612010003_deadline_alerts from './202612010003_deadline_alerts.ts';
import * as m202612010004_wide_integers from './202612010004_wide_integers.ts';
import * as m202612010005_user_search_text from './202612010005_user_search_text.ts';
import * as m202612010101_audit_wide_positions from './202612010101_audit_wide_positions.ts';
import * as m202612010201_received_request_tasks from './202612010201_received_request_tasks.ts';
import * as m202612010501_totp_used_step from './202612010501_totp_used_step.ts';
import * as m202612020001_final_sigma_search from './202612020001_final_sigma_search.ts';
import * as m202612020002_domain_event_actor from './202612020002_domain_event_actor.ts';
import * as m202612020003_inbox_view_single_index from './202612020003_inbox_view_single_index.ts';
import * as m202612020004_received_request_validation from './202612020004_received_request_validation.ts';
import * as m202612030001_idempotency_keys from './202612030001_idempotency_keys.ts';
import * as m202612030002_unknown_address_failures from './202612030002_unknown_address_failures.ts';

export const migrations: Readonly<Record<string, Migration>> = {
  '202611290001_platform': m202611290001_platform,
  '202611290002_identity': m202611290002_identity,
  '202611290003_audit': m202611290003_audit,
  '202611290004_cases': m202611290004_cases,
  '202611290101_legal': m202611290101_legal,
  '202611290102_requests': m202611290102_requests,
  '202611290103_directory': m202611290103_directory,
  '202611290201_lifecycle': m202611290201_lifecycle,
  '202611290202_deadlines_tasks': m202611290202_deadlines_tasks,
  '202611290203_notifications': m202611290203_notifications,
  '202611290301_federation': m202611290301_federation,
  '202611290401_messaging': m202611290401_messaging,
  '202611290402_evidence': m202611290402_evidence,
  '202611290501_federated_requests': m202611290501_federated_requests,
  '202611290502_evidence_remote': m202611290502_evidence_remote,
  '202611300301_federation_receipt_lists': m202611300301_federation_receipt_lists,
  '202611300401_domain_event_log': m202611300401_domain_event_log,
  '202611300402_received_request_clocks': m202611300402_received_request_clocks,
  '202611300501_received_request_exercise': m202611300501_received_request_exercise,
  '202612010001_inbox_view_unique_name': m202612010001_inbox_view_unique_name,
  '202612010002_notification_task_done': m202612010002_notification_task_done,
  '202612010003_deadline_alerts': m202612010003_deadline_alerts,
  '202612010004_wide_integers': m202612010004_wide_integers,
  '202612010005_user_search_text': m202612010005_user_search_text,
  '202612010101_audit_wide_positions': m202612010101_audit_wide_positions,
  '202612010201_received_request_tasks': m202612010201_received_request_tasks,
  '202612010501_totp_used_step': m202612010501_totp_used_step,
  '202612020001_final_sigma_search': m202612020001_final_sigma_search,
  '202612020002_domain_event_actor': m202612020002_domain_event_actor,
  '202612020003_inbox_view_single_index': m202612020003_inbox_view_single_index,
  '202612020004_received_request_validation': m202612020004_received_request_validation,
  '202612030001_idempotency_keys': m202612030001_idempotency_keys,
  '202612030002_unknown_address_failures': m202612030002_unknown_address_failures,
};
