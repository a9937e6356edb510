-- CreateTable
CREATE TABLE "OutboxNotice" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "heldReason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedUntil" TIMESTAMP(3),
    "claimToken" TEXT,
    "lastError" TEXT,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "OutboxNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxNotice_idempotencyKey_key" ON "OutboxNotice"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxNotice_status_nextAttemptAt_idx" ON "OutboxNotice"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxNotice_petitionId_idx" ON "OutboxNotice"("petitionId");
