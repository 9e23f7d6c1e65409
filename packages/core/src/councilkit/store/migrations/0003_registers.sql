-- Registers: every version of every entry, append-only and hash-chained, plus the indexes that
-- make the current state quick to page through and search.  See councilkit/registers.py.

-- Every version of every entry.  Never updated, never deleted: an amendment or a withdrawal is a
-- new row with the next version number.  `hash` covers the row's content and the previous row's
-- hash (councilkit audit verify recomputes the chain).
CREATE TABLE register_entries (
    seq          INTEGER PRIMARY KEY,
    council_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    entry_id     INTEGER NOT NULL,          -- the entry's number, the same for all its versions
    version      INTEGER NOT NULL,          -- 1 when added, then 2, 3... per amendment
    action       TEXT NOT NULL CHECK (action IN ('added', 'amended', 'withdrawn')),
    data         TEXT NOT NULL,             -- the field values, canonical JSON
    confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
    reason       TEXT NOT NULL DEFAULT '',  -- why it was amended or withdrawn
    recorded_by  INTEGER REFERENCES people(id),  -- the person who made the change
    recorded_login TEXT,                    -- the login of an administrator acting for them (--as)
    recorded_at  TEXT NOT NULL,             -- UTC, ISO 8601
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (entry_id, version)
);

-- The current version of each entry: derived from register_entries and kept in step with it in
-- the same transaction.  It can always be rebuilt from the chained table.
CREATE TABLE register_current (
    entry_id     INTEGER PRIMARY KEY,
    council_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    seq          INTEGER NOT NULL REFERENCES register_entries(seq),
    version      INTEGER NOT NULL,
    withdrawn    INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
    released_on  TEXT,                      -- a confidential entry is released on this date
    added_at     TEXT NOT NULL,
    added_by     INTEGER REFERENCES people(id),
    clocks_open  INTEGER NOT NULL DEFAULT 0, -- 1 when one of its kind's clocks has started and not stopped
    clock_sig    TEXT NOT NULL DEFAULT ''   -- which clock definitions clocks_open was worked out with
);
-- a register's page, newest first: WHERE council_id = ? AND kind = ? AND withdrawn = 0 AND entry_id < ?
CREATE INDEX register_current_page ON register_current (council_id, kind, withdrawn, entry_id);
-- what may be due: entries with a clock running, and any worked out with other clock definitions
CREATE INDEX register_current_clocks ON register_current (council_id, kind, clocks_open, clock_sig);
CREATE INDEX register_current_clock_sig ON register_current (council_id, kind, clock_sig);

-- Full-text search over each entry's current version.  `public` holds the values of the fields
-- anyone may see, `sensitive` the values of sensitive fields, so a search by someone who may not
-- see sensitive fields looks only in `public`.  rowid = entry_id.
CREATE VIRTUAL TABLE register_search USING fts5(
    public,
    sensitive,
    tokenize = 'unicode61 remove_diacritics 2'
);
