-- PostgreSQL only: the audit log refuses UPDATE and DELETE.
CREATE FUNCTION modelgate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END
$$
;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION modelgate_append_only()
;
