-- Cases: a concern taken along a council's route, from its opening to its closure.
--
-- case_events is the record: append-only and hash-chained (councilkit audit verify).
-- A case's state is a fold over its events.  The cases and case_access tables are
-- projections of that fold, rewritten in the same transaction as each event, so a
-- list of 100,000 cases pages quickly and visibility can be checked in SQL.

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    council_id    TEXT NOT NULL,
    route_id      TEXT NOT NULL,             -- 'adviser' when the protocol states no route
    title         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'awaiting', 'resolved', 'closed')),
    current_step  TEXT,                      -- the step in progress (status 'open')
    step_title    TEXT,
    handler_id    INTEGER REFERENCES people(id),
    handler_name  TEXT,
    due_date      TEXT,                      -- ISO date the step in progress is due
    pending_step  TEXT,                      -- the step to start next (status 'awaiting')
    complainant_id INTEGER NOT NULL REFERENCES people(id),
    subject_id    INTEGER REFERENCES people(id),
    opened_on     TEXT NOT NULL,
    closed_on     TEXT,
    updated_at    TEXT NOT NULL,
    reopened      INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 0 -- the number of events: the optimistic check compares it
);
CREATE INDEX cases_by_council ON cases (council_id, status, due_date);  -- counts, overdue
CREATE INDEX cases_by_handler ON cases (handler_id, status);

-- who may see a case besides the roles the council's variant names: its parties and handlers
CREATE TABLE case_access (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (case_id, person_id)
) WITHOUT ROWID;
CREATE INDEX case_access_by_person ON case_access (person_id, case_id);

CREATE TABLE case_events (
    seq          INTEGER PRIMARY KEY,        -- order in the whole chain
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    n            INTEGER NOT NULL,           -- 1, 2, 3... within the case
    kind         TEXT NOT NULL,              -- opened, step_started, consulted, notified, note, outcome,
                                             -- escalated, resolved, closed, reopened
    at           TEXT NOT NULL,              -- when it was recorded (UTC, ISO 8601)
    on_date      TEXT NOT NULL,              -- the day it happened, which deadlines count from
    actor_id     INTEGER REFERENCES people(id),
    actor_name   TEXT NOT NULL,              -- who, as they were named then
    recorded_by  TEXT,                       -- the login of an administrator acting as the actor (--as)
    reason       TEXT NOT NULL,              -- why
    data         TEXT NOT NULL,              -- JSON: what the event says
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (case_id, n)
);

-- append-only: the record is never edited or deleted
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;
