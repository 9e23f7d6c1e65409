-- SSH keys: each registered public key is one person (councilkit serve), and the connections made to the server.
--
-- A key is never deleted: removing it sets removed_at, so the connection log keeps saying whose key it was.
-- Only one live row may hold a fingerprint: a key is one person.
CREATE TABLE person_keys (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    algorithm    TEXT NOT NULL,              -- ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa...
    public_key   TEXT NOT NULL,              -- the key itself: base64, as in a .pub file
    fingerprint  TEXT NOT NULL,              -- SHA256:..., as ssh-keygen -l prints it
    comment      TEXT NOT NULL DEFAULT '',   -- the .pub file's comment (often user@host)
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL,              -- who added it, in words (name and login)
    removed_at   TEXT,
    removed_by   TEXT,
    removed_why  TEXT
);
CREATE UNIQUE INDEX person_keys_live ON person_keys (fingerprint) WHERE removed_at IS NULL;
CREATE INDEX person_keys_by_person ON person_keys (person_id);

-- One row per SSH connection: who (the key's person), when, from which address, how long, and how it ended.
-- A refused connection (unknown key, no key, a request refused) is a row too.
CREATE TABLE ssh_connections (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,              -- UTC, ISO 8601
    ended_at     TEXT,                       -- NULL while it lasts
    seconds      REAL,                       -- how long it lasted
    address      TEXT NOT NULL,              -- the client's IP address
    port         INTEGER,
    username     TEXT,                       -- the user name the client gave (not trusted: the key decides)
    fingerprint  TEXT,                       -- the key that authenticated it, else the last one offered
    person_id    INTEGER REFERENCES people(id),
    person_name  TEXT,
    outcome      TEXT NOT NULL CHECK (outcome IN ('open', 'ended', 'refused', 'idle', 'limit', 'stopped',
                                                  'revoked', 'lost')),
    detail       TEXT NOT NULL DEFAULT ''    -- what was refused, why it ended
);
CREATE INDEX ssh_connections_by_start ON ssh_connections (started_at);
CREATE INDEX ssh_connections_by_person ON ssh_connections (person_id, started_at);
