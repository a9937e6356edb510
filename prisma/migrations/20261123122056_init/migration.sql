-- CreateTable
CREATE TABLE "RegisterCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RegisterCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Department" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "headName" TEXT,
    "headEmail" TEXT,
    "leaderInCharge" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentCode" TEXT,
    "passwordHash" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Petitioner" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "idNumber" TEXT,
    "address" TEXT,
    "relationToPatient" TEXT,
    "consentToDisclose" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Petitioner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Petition" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "workflowId" TEXT NOT NULL,
    "workflowStarted" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL,
    "peopleCount" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "complainedAbout" JSONB NOT NULL,
    "claimAmount" DECIMAL(14,2),
    "policyId" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "queryCode" TEXT NOT NULL,
    "leadDepartment" TEXT,
    "cooperatingDepartments" TEXT[],
    "dueAt" TIMESTAMP(3),
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "registrationKey" TEXT,
    "petitionerId" TEXT,

    CONSTRAINT "Petition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PetitionEvent" (
    "id" BIGSERIAL NOT NULL,
    "petitionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "PetitionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PetitionDocument" (
    "id" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "author" TEXT NOT NULL,
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PetitionDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "petitionId" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "messageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Petition_number_key" ON "Petition"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_workflowId_key" ON "Petition"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_registrationKey_key" ON "Petition"("registrationKey");

-- CreateIndex
CREATE INDEX "Petition_status_idx" ON "Petition"("status");

-- CreateIndex
CREATE INDEX "Petition_leadDepartment_idx" ON "Petition"("leadDepartment");

-- CreateIndex
CREATE UNIQUE INDEX "Petition_year_seq_key" ON "Petition"("year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "PetitionEvent_idempotencyKey_key" ON "PetitionEvent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PetitionEvent_petitionId_occurredAt_idx" ON "PetitionEvent"("petitionId", "occurredAt");

-- CreateIndex
CREATE INDEX "PetitionDocument_petitionId_kind_idx" ON "PetitionDocument"("petitionId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_petitionId_idx" ON "Notification"("petitionId");

-- AddForeignKey
ALTER TABLE "Petition" ADD CONSTRAINT "Petition_petitionerId_fkey" FOREIGN KEY ("petitionerId") REFERENCES "Petitioner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionEvent" ADD CONSTRAINT "PetitionEvent_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PetitionDocument" ADD CONSTRAINT "PetitionDocument_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_petitionId_fkey" FOREIGN KEY ("petitionId") REFERENCES "Petition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
