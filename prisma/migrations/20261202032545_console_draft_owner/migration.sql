-- AlterTable
ALTER TABLE "ConsoleDraft" ADD COLUMN     "staffId" TEXT;
