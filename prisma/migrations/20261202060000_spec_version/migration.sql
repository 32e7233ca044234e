-- The spec format version a revision was written in, so readers can upgrade old revisions.
ALTER TABLE "environment_revisions" ADD COLUMN "spec_version" INTEGER NOT NULL DEFAULT 1;
