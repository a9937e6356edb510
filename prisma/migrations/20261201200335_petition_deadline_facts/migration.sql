-- AlterTable
ALTER TABLE "Petition" ADD COLUMN     "deadlines" JSONB NOT NULL DEFAULT '[]';
