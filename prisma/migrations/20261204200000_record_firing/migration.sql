-- One deadline firing in one round trip (issue 10, midnight burst): activities/deadline-records.ts recordFiring
-- calls record_firing with the firing as one JSON document instead of seven statements in an interactive
-- transaction; the rows are computed in TypeScript (ids, lag, delivery times) and this function only writes them,
-- statement after statement in the function's own transaction, each keyed so that a retry writes nothing twice:
-- events and audit rows by their idempotency keys, a 督办 item by (petition, deadline), an escalation only when its
-- role is not listed yet, an outbox row by its notice key. Timestamps come as ISO strings and are stored as UTC, as
-- Prisma stores them (TIMESTAMP(3) without time zone). Returns the number of events written.
CREATE FUNCTION record_firing(firing jsonb) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  petition_id text := firing->>'petitionId';
  patch jsonb := firing->'patch';
  events_written integer;
  escalation jsonb;
BEGIN
  INSERT INTO "PetitionEvent" ("petitionId", "type", "actor", "payload", "occurredAt", "idempotencyKey")
  SELECT petition_id, e."type", e."actor", e."payload", e."occurredAt"::timestamptz AT TIME ZONE 'UTC', e."idempotencyKey"
  FROM jsonb_to_recordset(firing->'events') AS e("type" text, "actor" text, "payload" jsonb, "occurredAt" text, "idempotencyKey" text)
  ON CONFLICT ("idempotencyKey") DO NOTHING;
  GET DIAGNOSTICS events_written = ROW_COUNT;

  UPDATE "Petition" SET
    "status" = CASE WHEN patch ? 'status' THEN patch->>'status' ELSE "status" END,
    "leadDepartment" = CASE WHEN patch ? 'leadDepartment' THEN patch->>'leadDepartment' ELSE "leadDepartment" END,
    "cooperatingDepartments" = CASE WHEN patch ? 'cooperatingDepartments'
      THEN ARRAY(SELECT jsonb_array_elements_text(patch->'cooperatingDepartments')) ELSE "cooperatingDepartments" END,
    "dueAt" = CASE WHEN patch ? 'dueAt' THEN (patch->>'dueAt')::timestamptz AT TIME ZONE 'UTC' ELSE "dueAt" END,
    "closedAt" = CASE WHEN patch ? 'closedAt' THEN (patch->>'closedAt')::timestamptz AT TIME ZONE 'UTC' ELSE "closedAt" END,
    "overdue" = CASE WHEN patch ? 'overdue' THEN (patch->>'overdue')::boolean ELSE "overdue" END,
    "policyVersion" = CASE WHEN patch ? 'policyVersion' THEN patch->>'policyVersion' ELSE "policyVersion" END,
    "deadlines" = CASE WHEN patch ? 'deadlines' THEN patch->'deadlines' ELSE "deadlines" END,
    "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE "id" = petition_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'record_firing: no petition %', petition_id;
  END IF;

  INSERT INTO "Supervision" ("id", "petitionId", "deadlineId", "number", "deadlineKind", "departmentCode", "rule", "dueAt", "openedAt", "escalatedTo", "status")
  SELECT s."id", s."petitionId", s."deadlineId", s."number", s."deadlineKind", s."departmentCode", s."rule",
    s."dueAt"::timestamptz AT TIME ZONE 'UTC', s."openedAt"::timestamptz AT TIME ZONE 'UTC', ARRAY[]::text[], 'open'
  FROM jsonb_to_recordset(firing->'supervisionsOpened') AS s("id" text, "petitionId" text, "deadlineId" text, "number" text,
    "deadlineKind" text, "departmentCode" text, "rule" text, "dueAt" text, "openedAt" text)
  ON CONFLICT ("petitionId", "deadlineId") DO NOTHING;

  -- One at a time and after the inserts above: an item opened at this instant is escalated at the same instant.
  FOR escalation IN
    SELECT e.value FROM jsonb_array_elements(firing->'escalations') WITH ORDINALITY AS e(value, n) ORDER BY e.n
  LOOP
    UPDATE "Supervision"
    SET "escalatedTo" = array_append("escalatedTo", escalation->>'role'), "lastEscalatedAt" = (escalation->>'at')::timestamptz AT TIME ZONE 'UTC'
    WHERE "petitionId" = escalation->>'petitionId' AND "deadlineId" = escalation->>'deadlineId' AND NOT ((escalation->>'role') = ANY ("escalatedTo"));
  END LOOP;

  INSERT INTO "DeadlineAudit" ("petitionId", "number", "deadlineId", "deadlineKind", "step", "scheduledAt", "firedAt", "lagMs", "recordedAt", "idempotencyKey")
  SELECT a."petitionId", a."number", a."deadlineId", a."deadlineKind", a."step", a."scheduledAt"::timestamptz AT TIME ZONE 'UTC',
    a."firedAt"::timestamptz AT TIME ZONE 'UTC', a."lagMs", now() AT TIME ZONE 'UTC', a."idempotencyKey"
  FROM jsonb_to_recordset(firing->'timersFired') AS a("petitionId" text, "number" text, "deadlineId" text, "deadlineKind" text, "step" text,
    "scheduledAt" text, "firedAt" text, "lagMs" integer, "idempotencyKey" text)
  ON CONFLICT ("idempotencyKey") DO NOTHING;

  INSERT INTO "OutboxNotice" ("id", "idempotencyKey", "petitionId", "kind", "request", "queuedAt", "notBefore", "nextAttemptAt", "heldReason")
  SELECT o."id", o."idempotencyKey", o."petitionId", o."kind", o."request", o."queuedAt"::timestamptz AT TIME ZONE 'UTC',
    o."notBefore"::timestamptz AT TIME ZONE 'UTC', o."nextAttemptAt"::timestamptz AT TIME ZONE 'UTC', o."heldReason"
  FROM jsonb_to_recordset(firing->'notices') AS o("id" text, "idempotencyKey" text, "petitionId" text, "kind" text, "request" jsonb,
    "queuedAt" text, "notBefore" text, "nextAttemptAt" text, "heldReason" text)
  ON CONFLICT ("idempotencyKey") DO NOTHING;

  RETURN events_written;
END;
$$;
