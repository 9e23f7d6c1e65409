-- Trust on a shared host: the deployment and its administrators, a hash-chained record of every
-- change to people, appointments and administrators, who made each appointment, and who opened
-- which case.  See councilkit/people/admin.py and docs/security.md.

-- The deployment `councilkit init` set up: one row.  A store without it has no administrator,
-- and refuses changes to its people until someone runs `councilkit init`.
CREATE TABLE deployment (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    created_at    TEXT NOT NULL,             -- UTC, ISO 8601
    created_by    TEXT NOT NULL,             -- the operating-system account that ran councilkit init
    councils_dir  TEXT                       -- where its council files are (NULL: the plugins' councils)
);

-- The councils the deployment serves.
CREATE TABLE deployment_councils (
    council_id  TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL
);

-- Administrators: accounts (operating-system logins, or the login of a person connected by an SSH
-- key) who may change people, appointments and administrators, and act as someone else (--as).
CREATE TABLE administrators (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL,
    council_id  TEXT,                        -- NULL: every council the deployment serves
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    ended_at    TEXT,                        -- NULL while it lasts
    ended_by    TEXT,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX administrators_current ON administrators (login, coalesce(council_id, '*'))
    WHERE ended_at IS NULL;

-- Who made each appointment, and whether they appointed themselves.
ALTER TABLE appointments ADD COLUMN appointed_by TEXT;           -- the login that made it
ALTER TABLE appointments ADD COLUMN self_appointed INTEGER NOT NULL DEFAULT 0 CHECK (self_appointed IN (0, 1));
ALTER TABLE appointments ADD COLUMN ended_by TEXT;               -- the login that ended it

-- The record of every change to people, appointments, administrators and the deployment:
-- append-only and hash-chained (councilkit audit verify).
CREATE TABLE people_events (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,            -- UTC, ISO 8601
    kind            TEXT NOT NULL,            -- deployment_created, council_served, administrator_added,
                                              -- administrator_ended, person_added, person_changed,
                                              -- appointed, appointment_ended (and others, see admin.py)
    login           TEXT NOT NULL,            -- the account that made the change
    actor_id        INTEGER,                  -- the person whose login that is, if any
    council_id      TEXT,
    person_id       INTEGER,                  -- the person changed, added or appointed
    appointment_id  INTEGER,
    data            TEXT NOT NULL,            -- JSON: what the change says
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX people_events_by_person ON people_events (person_id, seq);
CREATE INDEX people_events_by_appointment ON people_events (appointment_id, seq);

CREATE TRIGGER people_events_no_update BEFORE UPDATE ON people_events
BEGIN
    SELECT RAISE(ABORT, 'the record of changes to people is append-only');
END;
CREATE TRIGGER people_events_no_delete BEFORE DELETE ON people_events
BEGIN
    SELECT RAISE(ABORT, 'the record of changes to people is append-only');
END;

-- Who opened which case, when, and from which command or screen: append-only and hash-chained.
CREATE TABLE case_reads (
    seq          INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    at           TEXT NOT NULL,              -- UTC, ISO 8601
    person_id    INTEGER NOT NULL REFERENCES people(id),
    person_name  TEXT NOT NULL,
    recorded_by  TEXT,                       -- the login of an administrator acting as them (--as)
    via          TEXT NOT NULL,              -- the command or screen: 'councilkit case show', 'tui: case'
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX case_reads_by_case ON case_reads (case_id, seq);

CREATE TRIGGER case_reads_no_update BEFORE UPDATE ON case_reads
BEGIN
    SELECT RAISE(ABORT, 'the record of who opened a case is append-only');
END;
CREATE TRIGGER case_reads_no_delete BEFORE DELETE ON case_reads
BEGIN
    SELECT RAISE(ABORT, 'the record of who opened a case is append-only');
END;
