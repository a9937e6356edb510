-- CreateTable
CREATE TABLE "Supervision" (
    "id" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "deadlineId" TEXT NOT NULL,
    "deadlineKind" TEXT NOT NULL,
    "departmentCode" TEXT,
    "rule" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "escalatedTo" TEXT[],
    "lastEscalatedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Supervision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineAudit" (
    "id" BIGSERIAL NOT NULL,
    "petitionId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "deadlineId" TEXT NOT NULL,
    "deadlineKind" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3) NOT NULL,
    "lagMs" INTEGER NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "DeadlineAudit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Supervision_status_departmentCode_idx" ON "Supervision"("status", "departmentCode");

-- CreateIndex
CREATE UNIQUE INDEX "Supervision_petitionId_deadlineId_key" ON "Supervision"("petitionId", "deadlineId");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineAudit_idempotencyKey_key" ON "DeadlineAudit"("idempotencyKey");

-- CreateIndex
CREATE INDEX "DeadlineAudit_petitionId_idx" ON "DeadlineAudit"("petitionId");
