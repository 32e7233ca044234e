-- The request id of an audit event is always made by the server; a caller's own X-Request-Id is
-- kept beside it as a correlation id. Bounded here as well as in the application, so no path can
-- store an unbounded caller-supplied string.
ALTER TABLE "audit_events" ADD COLUMN "correlation_id" TEXT;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_correlation_id_length" CHECK (char_length("correlation_id") BETWEEN 1 AND 128);
