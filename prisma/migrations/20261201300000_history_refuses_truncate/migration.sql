-- TRUNCATE skips row triggers: a statement trigger refuses it on the append-only tables, for their
-- owner too and when a TRUNCATE ... CASCADE of another table would reach them. (The console's own
-- role has no TRUNCATE privilege anywhere; `npm run db:migrate` grants it, no role is named here.)
CREATE TRIGGER "environment_revisions_no_truncate" BEFORE TRUNCATE ON "environment_revisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
