-- AlterTable
ALTER TABLE "Petition" ADD COLUMN     "externalNumber" TEXT;

-- CreateIndex
CREATE INDEX "Petition_externalNumber_idx" ON "Petition"("externalNumber");
