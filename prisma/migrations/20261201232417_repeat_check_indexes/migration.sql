-- AlterTable
ALTER TABLE "Petition" ADD COLUMN     "contentDigest" TEXT;

-- CreateIndex
CREATE INDEX "Petition_contentDigest_receivedAt_idx" ON "Petition"("contentDigest", "receivedAt");

-- CreateIndex
CREATE INDEX "Petition_petitionerId_idx" ON "Petition"("petitionerId");

-- CreateIndex
CREATE INDEX "Petition_receivedAt_idx" ON "Petition"("receivedAt");

-- CreateIndex
CREATE INDEX "Petitioner_phone_idx" ON "Petitioner"("phone");

-- CreateIndex
CREATE INDEX "Petitioner_idNumber_idx" ON "Petitioner"("idNumber");

-- The digest follows the content whoever writes it (registration, the ledger import's bulk statements, a repair).
CREATE FUNCTION petition_content_digest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."contentDigest" := encode(sha256(convert_to(NEW."content", 'UTF8')), 'hex');
  RETURN NEW;
END;
$$;

CREATE TRIGGER petition_content_digest
  BEFORE INSERT OR UPDATE OF "content" ON "Petition"
  FOR EACH ROW EXECUTE FUNCTION petition_content_digest();

UPDATE "Petition" SET "contentDigest" = encode(sha256(convert_to("content", 'UTF8')), 'hex');
