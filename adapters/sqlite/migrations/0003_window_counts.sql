-- Schema version 3: counts within a window (the citizens' lookup throttle), kept until their window ends.
CREATE TABLE window_counts (
    key      TEXT    PRIMARY KEY,
    count    INTEGER NOT NULL,
    until_us INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX window_counts_by_end ON window_counts (until_us);
