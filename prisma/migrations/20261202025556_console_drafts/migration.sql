-- CreateTable
CREATE TABLE "ConsoleDraft" (
    "id" TEXT NOT NULL,
    "pagePath" TEXT NOT NULL,
    "form" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsoleDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsoleDraft_expiresAt_idx" ON "ConsoleDraft"("expiresAt");
