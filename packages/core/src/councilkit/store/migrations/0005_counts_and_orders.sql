-- Lists that cost the same at a million rows as at ten thousand: the indexes each order and filter
-- needs, and counts kept as the rows change instead of counted again for every page.
--
-- The counts are kept by triggers, so whatever writes the cases and the registers keeps them right,
-- and they are filled here from what a store already holds.  Each is a sum over a few rows.

-- Cases ------------------------------------------------------------------------------------------

-- A council's cases newest first, all of them or of one status (an index ends with the row id, so
-- these give the order with no sort).
CREATE INDEX cases_by_council_id ON cases (council_id);
CREATE INDEX cases_by_council_status ON cases (council_id, status);

-- How many cases there are, by council, status and (for an open case) the day its step is due.
-- person_id 0 counts every case of the council, for those who see them all, and a person's own rows
-- count the cases they may see through case_access (a party or a handler), so a count never
-- includes a case its reader may not see.  Overdue is a sum over the days before today.
CREATE TABLE case_counts (
    person_id   INTEGER NOT NULL,
    council_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    due_date    TEXT NOT NULL,               -- an open case's due date; '' otherwise
    n           INTEGER NOT NULL,
    PRIMARY KEY (person_id, council_id, status, due_date)
) WITHOUT ROWID;

INSERT INTO case_counts (person_id, council_id, status, due_date, n)
    SELECT 0, council_id, status, CASE WHEN status = 'open' THEN coalesce(due_date, '') ELSE '' END, count(*)
    FROM cases GROUP BY 1, 2, 3, 4;
INSERT INTO case_counts (person_id, council_id, status, due_date, n)
    SELECT a.person_id, c.council_id, c.status,
           CASE WHEN c.status = 'open' THEN coalesce(c.due_date, '') ELSE '' END, count(*)
    FROM case_access a JOIN cases c ON c.id = a.case_id GROUP BY 1, 2, 3, 4;

CREATE TRIGGER case_counts_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_counts (person_id, council_id, status, due_date, n)
        VALUES (0, NEW.council_id, NEW.status,
                CASE WHEN NEW.status = 'open' THEN coalesce(NEW.due_date, '') ELSE '' END, 1)
        ON CONFLICT (person_id, council_id, status, due_date) DO UPDATE SET n = n + 1;
    INSERT INTO case_counts (person_id, council_id, status, due_date, n)
        SELECT a.person_id, NEW.council_id, NEW.status,
               CASE WHEN NEW.status = 'open' THEN coalesce(NEW.due_date, '') ELSE '' END, 1
        FROM case_access a WHERE a.case_id = NEW.id
        ON CONFLICT (person_id, council_id, status, due_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_update AFTER UPDATE OF council_id, status, due_date ON cases
WHEN OLD.council_id IS NOT NEW.council_id OR OLD.status IS NOT NEW.status
     OR (CASE WHEN OLD.status = 'open' THEN coalesce(OLD.due_date, '') ELSE '' END)
        IS NOT (CASE WHEN NEW.status = 'open' THEN coalesce(NEW.due_date, '') ELSE '' END)
BEGIN
    UPDATE case_counts SET n = n - 1
        WHERE person_id IN (SELECT 0 UNION ALL SELECT person_id FROM case_access WHERE case_id = OLD.id)
          AND council_id = OLD.council_id AND status = OLD.status
          AND due_date = CASE WHEN OLD.status = 'open' THEN coalesce(OLD.due_date, '') ELSE '' END;
    DELETE FROM case_counts
        WHERE person_id IN (SELECT 0 UNION ALL SELECT person_id FROM case_access WHERE case_id = OLD.id)
          AND council_id = OLD.council_id AND status = OLD.status
          AND due_date = CASE WHEN OLD.status = 'open' THEN coalesce(OLD.due_date, '') ELSE '' END
          AND n = 0;
    INSERT INTO case_counts (person_id, council_id, status, due_date, n)
        VALUES (0, NEW.council_id, NEW.status,
                CASE WHEN NEW.status = 'open' THEN coalesce(NEW.due_date, '') ELSE '' END, 1)
        ON CONFLICT (person_id, council_id, status, due_date) DO UPDATE SET n = n + 1;
    INSERT INTO case_counts (person_id, council_id, status, due_date, n)
        SELECT a.person_id, NEW.council_id, NEW.status,
               CASE WHEN NEW.status = 'open' THEN coalesce(NEW.due_date, '') ELSE '' END, 1
        FROM case_access a WHERE a.case_id = NEW.id
        ON CONFLICT (person_id, council_id, status, due_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_delete AFTER DELETE ON cases
BEGIN
    UPDATE case_counts SET n = n - 1
        WHERE person_id IN (SELECT 0 UNION ALL SELECT person_id FROM case_access WHERE case_id = OLD.id)
          AND council_id = OLD.council_id AND status = OLD.status
          AND due_date = CASE WHEN OLD.status = 'open' THEN coalesce(OLD.due_date, '') ELSE '' END;
    DELETE FROM case_counts WHERE n = 0 AND council_id = OLD.council_id AND status = OLD.status;
END;

CREATE TRIGGER case_counts_access_insert AFTER INSERT ON case_access
BEGIN
    INSERT INTO case_counts (person_id, council_id, status, due_date, n)
        SELECT NEW.person_id, c.council_id, c.status,
               CASE WHEN c.status = 'open' THEN coalesce(c.due_date, '') ELSE '' END, 1
        FROM cases c WHERE c.id = NEW.case_id
        ON CONFLICT (person_id, council_id, status, due_date) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_access_delete AFTER DELETE ON case_access
BEGIN
    UPDATE case_counts SET n = n - 1
        WHERE person_id = OLD.person_id
          AND (council_id, status, due_date) IN (
              SELECT c.council_id, c.status, CASE WHEN c.status = 'open' THEN coalesce(c.due_date, '') ELSE '' END
              FROM cases c WHERE c.id = OLD.case_id);
    DELETE FROM case_counts WHERE person_id = OLD.person_id AND n = 0;
END;

-- Registers --------------------------------------------------------------------------------------

-- A register's entries in order, withdrawn ones too (the working copy of an export): the index
-- ends with the entry number, so it gives the order with no sort.
CREATE INDEX register_current_kind ON register_current (council_id, kind);

-- How many entries each register holds, by whether they are withdrawn or confidential and the day
-- a confidential one is released ('' when it is not confidential or has no such day), so that the
-- public's count leaves out exactly what the public may not see.
CREATE TABLE register_counts (
    council_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    withdrawn    INTEGER NOT NULL,
    confidential INTEGER NOT NULL,
    released_on  TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (council_id, kind, withdrawn, confidential, released_on)
) WITHOUT ROWID;

INSERT INTO register_counts (council_id, kind, withdrawn, confidential, released_on, n)
    SELECT council_id, kind, withdrawn, confidential, coalesce(released_on, ''), count(*)
    FROM register_current GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER register_counts_insert AFTER INSERT ON register_current
BEGIN
    INSERT INTO register_counts (council_id, kind, withdrawn, confidential, released_on, n)
        VALUES (NEW.council_id, NEW.kind, NEW.withdrawn, NEW.confidential, coalesce(NEW.released_on, ''), 1)
        ON CONFLICT (council_id, kind, withdrawn, confidential, released_on) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER register_counts_update
AFTER UPDATE OF council_id, kind, withdrawn, confidential, released_on ON register_current
WHEN OLD.council_id IS NOT NEW.council_id OR OLD.kind IS NOT NEW.kind OR OLD.withdrawn IS NOT NEW.withdrawn
     OR OLD.confidential IS NOT NEW.confidential OR OLD.released_on IS NOT NEW.released_on
BEGIN
    UPDATE register_counts SET n = n - 1
        WHERE council_id = OLD.council_id AND kind = OLD.kind AND withdrawn = OLD.withdrawn
          AND confidential = OLD.confidential AND released_on = coalesce(OLD.released_on, '');
    DELETE FROM register_counts
        WHERE council_id = OLD.council_id AND kind = OLD.kind AND withdrawn = OLD.withdrawn
          AND confidential = OLD.confidential AND released_on = coalesce(OLD.released_on, '') AND n = 0;
    INSERT INTO register_counts (council_id, kind, withdrawn, confidential, released_on, n)
        VALUES (NEW.council_id, NEW.kind, NEW.withdrawn, NEW.confidential, coalesce(NEW.released_on, ''), 1)
        ON CONFLICT (council_id, kind, withdrawn, confidential, released_on) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER register_counts_delete AFTER DELETE ON register_current
BEGIN
    UPDATE register_counts SET n = n - 1
        WHERE council_id = OLD.council_id AND kind = OLD.kind AND withdrawn = OLD.withdrawn
          AND confidential = OLD.confidential AND released_on = coalesce(OLD.released_on, '');
    DELETE FROM register_counts
        WHERE council_id = OLD.council_id AND kind = OLD.kind AND withdrawn = OLD.withdrawn
          AND confidential = OLD.confidential AND released_on = coalesce(OLD.released_on, '') AND n = 0;
END;

-- register_current.clocks_open now holds, for an entry with a clock running, the day number
-- (date.toordinal()) of the earliest date a running clock counts from (its start, or the due date
-- the entry gives), and 0 when none runs.  A clock is never due before that day, so the due list
-- reads entries in that order from register_current_clocks and stops when the rest cannot be due.
-- Entries written before this migration hold 1 (a clock runs, its day unknown): they sort first
-- and are always looked at, until they are next amended.
