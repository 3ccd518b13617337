/**
 * Every collection the product stores, in one list: the PGlite adapter builds its indexes from it,
 * and the CloudBase setup creates the same collections and indexes from it.
 */
export interface CollectionSpec {
  name: string;
  /** what it holds, for the deploy docs */
  purpose: string;
  /** field lists that queries filter/sort on; each becomes an index */
  indexes: string[][];
  /** rows may never be updated or deleted once written */
  appendOnly?: boolean;
}

export const COLLECTIONS: CollectionSpec[] = [
  { name: 'meta', purpose: 'seed and schema markers', indexes: [] },
  { name: 'estates', purpose: 'estates (小区) with cached roster totals', indexes: [['createdAt']] },
  { name: 'invitations', purpose: 'single-use invitation codes for staff roles (id = keyed hash of the code; the code is never stored)', indexes: [['estateId', 'createdAt']] },
  { name: 'units', purpose: 'roster units with registry area (0.01 m²) and owner keys', indexes: [['estateId', 'building']] },
  { name: 'owners', purpose: 'roster owner-persons: masked name, keyed hashes, ID tail', indexes: [['estateId']] },
  { name: 'members', purpose: 'accounts (openid) holding roles in an estate', indexes: [['openid'], ['estateId'], ['estateId', 'roles'], ['accountKey'], ['estateId', 'since']] },
  { name: 'unit_links', purpose: 'accounts linked to the units they own (active or revoked)', indexes: [['estateId', 'openid'], ['unitId'], ['accountKey'], ['estateId', 'unitId']] },
  { name: 'person_links', purpose: 'one account per roster owner-person', indexes: [] },
  { name: 'unit_representatives', purpose: "each unit's single voting representative", indexes: [['estateId']] },
  { name: 'representative_proposals', purpose: 'pending changes of representative awaiting co-owner confirmation', indexes: [] },
  { name: 'role_grants', purpose: 'grants of sensitive roles awaiting a second person (one per estate, member and role)', indexes: [['estateId', 'status']] },
  { name: 'verification_attempts', purpose: 'failed roster matches and lockouts per account', indexes: [['estateId', 'locked'], ['accountKey']] },
  { name: 'verification_requests', purpose: 'certificate reviews and offline checks', indexes: [['estateId', 'status'], ['estateId', 'openid'], ['photosDeleteAfter']] },
  { name: 'consents', purpose: 'privacy consents (PIPL Art. 29) by notice version', indexes: [] },
  { name: 'roster_imports', purpose: 'validated roster uploads awaiting confirmation (hashed/masked only)', indexes: [['estateId', 'createdAt'], ['status', 'createdAt']] },
  { name: 'roster_versions', purpose: 'confirmed roster versions (id estate:n): totals, fingerprint, change counts', indexes: [['estateId', 'versionNo'], ['reviewPending']] },
  { name: 'roster_snapshots', purpose: 'compact unit list of each roster version (id estate:n), kept for ever', indexes: [] },
  { name: 'roster_reviews', purpose: 'units a roster version left to staff review (owners changed or removed, certificate not in roster): affected accounts and decisions', indexes: [['estateId', 'status'], ['estateId', 'createdAt']] },
  { name: 'bulk_jobs', purpose: 'progress of chunked bulk work (roster confirms, mass jobs): done/total, result', indexes: [['status', 'startedAt']] },
  { name: 'uploads', purpose: 'files accounts uploaded (owner, fileId, size): per-account quota, deleted when refused or unused after 24 h', indexes: [['owner', 'createdAt'], ['state', 'createdAt']] },
  { name: 'topics', purpose: 'deliberation topics (议题)', indexes: [['estateId', 'openedAt']] },
  { name: 'rules_versions', purpose: 'activated versions of an estate’s rules of procedure (id estate:n): content, original document, fingerprint; never changed', indexes: [['estateId', 'versionNo']], appendOnly: true },
  { name: 'rules_heads', purpose: 'the active rules-of-procedure version of each estate (id = estate); older versions are superseded', indexes: [] },
  { name: 'rules_drafts', purpose: 'drafts of rules of procedure being edited (content fingerprint; kept, marked, once activated)', indexes: [['estateId', 'status', 'updatedAt']] },
  { name: 'topic_plans', purpose: 'published plan versions of a topic (id topic:vN), never changed', indexes: [['topicId', 'planNo']], appendOnly: true },
  { name: 'announcement_notices', purpose: 'owner notices of an announced topic (id = topic): pending until every owner chunk is written, finished by a job after a crash', indexes: [['status', 'createdAt']] },
  { name: 'topic_electorates', purpose: 'roster of the scope frozen when a topic is announced (id = topic): units, area, head keys, fingerprint', indexes: [], appendOnly: true },
  { name: 'topic_comments', purpose: 'comments and questions on a topic (author by relation only; a hidden one keeps its text, shown to moderators and in the record)', indexes: [['topicId', 'createdAt'], ['topicId', 'kind', 'createdAt'], ['topicId', 'kind', 'answered', 'status', 'createdAt'], ['topicId', 'reportsPending'], ['estateId', 'kind', 'status'], ['estateId', 'kind', 'answered', 'status', 'createdAt'], ['estateId', 'reportsPending']] },
  { name: 'comment_reports', purpose: 'reports of a comment, one per account (id comment:accountKey)', indexes: [['commentId']] },
  { name: 'petition_signatures', purpose: 'co-signatures of an owners\' petition, one per unit (id topic:unit), withdrawn ones kept', indexes: [['topicId', 'active']] },
  { name: 'petition_tallies', purpose: 'running tally of a petition (id = topic): signed units with area and head key, updated with each signature', indexes: [] },
  { name: 'vote_ballots', purpose: 'one valid ballot per (item, unit), id topic:item:unit (the engine admits one); choice stored, never returned; area and head key for turnout aggregates', indexes: [['topicId', 'itemId', 'building'], ['estateId', 'unitId']] },
  { name: 'vote_ballot_versions', purpose: 'earlier versions of a ballot changed where the frozen rules allow it (id ballot:rN)', indexes: [], appendOnly: true },
  { name: 'vote_invalid_ballots', purpose: 'later submissions for a unit that already voted: kept as invalid evidence, never counted', indexes: [['topicId', 'unitId']], appendOnly: true },
  { name: 'vote_requests', purpose: 'what each ballot submission (topic, unit, idempotency key) answered, for idempotent retries', indexes: [], appendOnly: true },
  { name: 'vote_deliveries', purpose: 'delivery (送达) of a frozen vote package: an owner confirmed reading it (id topic:unit:account)', indexes: [['estateId', 'openid']], appendOnly: true },
  { name: 'vote_ledgers', purpose: 'votes whose ballot ledger (audit events under the key vote:<topic>) the sequencing job chains', indexes: [['open']] },
  { name: 'vote_mandates', purpose: 'a unit\'s written proxy mandate for one vote (id topic:unit, one live at a time): proxy name/phone, per-item instructions, scan, keyed hash of the acceptance code, bound proxy, staff check', indexes: [['estateId', 'status', 'createdAt'], ['codeHash'], ['proxyOpenid']] },
  { name: 'vote_mandate_history', purpose: 'ended mandates (revoked, rejected, lapsed) replaced by a new one (id topic:unit:rN), kept as the record', indexes: [], appendOnly: true },
  { name: 'vote_mandate_attempts', purpose: 'wrong acceptance codes per account (id keyed hash of the openid): failures and lock', indexes: [] },
  { name: 'vote_results', purpose: 'a closed vote\'s count (id = topic): the engine\'s result, root hash of the published ballot list, objection deadline, endorsement', indexes: [['estateId']] },
  { name: 'vote_publications', purpose: 'the published files of a closed vote (id topic:file, JSON text): anonymized roster and ballot list, ledger extract, result', indexes: [['topicId']], appendOnly: true },
  { name: 'vote_paper_requests', purpose: 'an owner asked for a paper ballot (id topic:unit): requested, delivered or withdrawn; while live, online entry is closed for the unit', indexes: [['topicId', 'state']] },
  { name: 'vote_paper_entries', purpose: 'paper ballots entered by staff with their scan (id from enterer + idempotency key): pending until a second staff member approves or rejects; kept as evidence', indexes: [['topicId', 'state'], ['topicId', 'unitId']] },
  { name: 'requests', purpose: 'residents\' requests (诉求, id from the requester and their idempotency key): category, location, visibility, holder organisation, deadlines, status, the routing version that routed it', indexes: [['estateId', 'requesterOpenid', 'filedAt'], ['estateId', 'holder', 'status'], ['nextCheckAt'], ['estateId', 'filedAt'], ['estateId', 'visibility', 'filedAt']] },
  { name: 'request_routing', purpose: 'versions of an estate\'s request routing table (id estate:version, the engine admits one save per base version): rules, ladder, limits, who saved it and why; never changed', indexes: [['estateId', 'versionNo']], appendOnly: true },
  { name: 'request_cosigns', purpose: 'co-signatures (附议) of a public request, one per account (id request:accountKey, the engine admits one); withdrawn ones kept inactive', indexes: [['requestId', 'active']] },
  { name: 'request_timeline', purpose: 'every step of a request (received, dispatched, contacted, ... escalated) with the acting role, time and text; never changed', indexes: [['requestId', 'at']], appendOnly: true },
  { name: 'audit_events', purpose: 'audit events, one per audited write (pseudonymous actor, own hash); never shared between writers', indexes: [['estateId', 'at']], appendOnly: true },
  { name: 'audit_links', purpose: 'marker per sequenced audit event (id = event id), written with its chain entry', indexes: [['eventId']], appendOnly: true },
  { name: 'audit_entries', purpose: 'hash-chained audit log, one chain per estate, written only by the sequencing job', indexes: [['estateId', 'seq']], appendOnly: true },
  { name: 'audit_anchors', purpose: 'published (seq, hash) checkpoints of each estate chain', indexes: [['estateId', 'seq']], appendOnly: true },
  { name: 'audit_heads', purpose: 'the last entry and sequencing cursor of each estate chain', indexes: [] },
  { name: 'notification_outbox', purpose: 'notifications written with their event, awaiting delivery (id: event + recipient)', indexes: [['status', 'nextAttemptAt']] },
  { name: 'resident_homes', purpose: 'where a registered resident lives (unit or building), recorded by staff at confirmation (id estate:openid)', indexes: [] },
  { name: 'messages', purpose: 'the 消息 inbox: one message per delivered notification (id = outbox id)', indexes: [['recipient', 'createdAt'], ['recipient', 'read', 'staff']] },
  { name: 'wechat_subscriptions', purpose: 'accepted one-time WeChat subscription consents per person and template', indexes: [] },
];
