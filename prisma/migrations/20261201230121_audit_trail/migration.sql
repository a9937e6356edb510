-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "status" INTEGER,
ADD COLUMN     "subject" TEXT,
ADD COLUMN     "via" TEXT;

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE INDEX "AuditLog_subject_at_idx" ON "AuditLog"("subject", "at");

-- TRUNCATE bypasses row triggers: a statement trigger refuses it too, so no statement empties the trail. In
-- production the application connects as a role that owns neither the table nor the trigger (README: 审计日志),
-- so it cannot drop or disable them either.
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
