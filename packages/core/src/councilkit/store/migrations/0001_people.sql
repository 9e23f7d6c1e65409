-- People and their appointments: who holds which role, at which council, from when to when.
-- Personal data, so it lives here and never in a council file.
CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    login       TEXT UNIQUE,               -- the operating-system login that identifies them
    email       TEXT,
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 -- optimistic concurrency: updates check the version read
);

CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    council_id  TEXT NOT NULL,
    role        TEXT NOT NULL,
    from_date   TEXT NOT NULL,             -- ISO date, inclusive
    to_date     TEXT,                      -- ISO date, inclusive; NULL while it lasts
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX appointments_by_council_role ON appointments (council_id, role, from_date);
CREATE INDEX appointments_by_person ON appointments (person_id);
