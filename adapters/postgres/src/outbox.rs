//! The outbox's claims and leases. Claims lock the rows they take with `FOR UPDATE SKIP LOCKED`, so that
//! dispatchers in several processes never claim one message twice under live leases; completing or
//! rescheduling is one conditional `UPDATE` on the lease's token (the message's attempt count).

use hoso_core::store::{
    Claimed, DestinationKind, Lease, OutboxMessage, OutboxPolicy, StoreError, StoreErrorKind,
};
use jiff::Timestamp;
use sqlx::{PgPool, Row};

use crate::error::from_sqlx;
use crate::rows::{count, get, outbox_columns, outbox_row, us};

/// Claims up to `policy.batch` due messages of `kind`, in id order, turning into dead letters the ones met
/// on the way that have had their attempts.
pub(crate) async fn claim(
    pool: &PgPool,
    kind: DestinationKind,
    now: Timestamp,
    policy: &OutboxPolicy,
) -> Result<Vec<Claimed>, StoreError> {
    let until = now
        .checked_add(policy.lease)
        .map_err(|e| StoreError::new(StoreErrorKind::Invalid, format!("lease: {e}")))?;
    if policy.batch == 0 {
        return Ok(Vec::new());
    }
    let page = i64::try_from(policy.batch).unwrap_or(i64::MAX);
    let max_attempts = i64::from(policy.max_attempts);
    let mut tx = pool
        .begin()
        .await
        .map_err(|e| from_sqlx("starting a claim", e))?;
    let mut take = Vec::new();
    let mut dead = Vec::new();
    let mut after = 0i64;
    // Walk the due messages in id order, as the memory store does: the exhausted ones met before the batch
    // is full become dead letters, the others are claimed.
    while take.len() < policy.batch {
        let rows = sqlx::query(
            "SELECT id, attempts FROM outbox \
             WHERE status = 'pending' AND destination_kind = $1 AND id > $2 \
               AND (next_attempt_at_us IS NULL OR next_attempt_at_us <= $3) \
               AND (lease_until_us IS NULL OR lease_until_us <= $3) \
             ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED",
        )
        .bind(kind.as_str())
        .bind(after)
        .bind(us(now))
        .bind(page)
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| from_sqlx("finding due outbox messages", e))?;
        let fetched = rows.len();
        for row in rows {
            let id: i64 = get(&row, "id")?;
            after = id;
            if take.len() >= policy.batch {
                break;
            }
            if get::<i64>(&row, "attempts")? >= max_attempts {
                dead.push(id);
            } else {
                take.push(id);
            }
        }
        if fetched < policy.batch {
            break;
        }
    }
    if !dead.is_empty() {
        sqlx::query(
            "UPDATE outbox SET status = 'dead', lease_until_us = NULL WHERE id = ANY($1::bigint[])",
        )
        .bind(&dead)
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("moving exhausted messages to the dead letters", e))?;
    }
    let mut claimed = Vec::with_capacity(take.len());
    if !take.is_empty() {
        let rows = sqlx::query(concat!(
            "UPDATE outbox SET attempts = attempts + 1, lease_until_us = $2 WHERE id = ANY($1::bigint[]) \
             RETURNING ",
            outbox_columns!()
        ))
        .bind(&take)
        .bind(us(until))
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| from_sqlx("claiming outbox messages", e))?;
        for row in rows {
            let message = outbox_row(&row)?;
            claimed.push(Claimed {
                lease: Lease {
                    message: message.id,
                    token: message.attempts,
                    until,
                },
                message,
            });
        }
        claimed.sort_by_key(|c| c.message.id);
    }
    tx.commit()
        .await
        .map_err(|e| from_sqlx("committing a claim", e))?;
    Ok(claimed)
}

/// What a lease's message becomes.
pub(crate) enum Settle<'a> {
    /// Sent: done.
    Done,
    /// Failed: pending again from `at`, or dead after `max_attempts`.
    Retry {
        at: Timestamp,
        error: &'a str,
        max_attempts: u32,
    },
    /// Failed for good: dead.
    Dead { error: &'a str },
}

/// Settles the message `lease` holds: `LeaseLost` if it was claimed again since or is no longer pending,
/// `NotFound` if there is no such message.
pub(crate) async fn settle(
    pool: &PgPool,
    lease: &Lease,
    outcome: Settle<'_>,
) -> Result<(), StoreError> {
    let Ok(id) = i64::try_from(lease.message) else {
        return Err(no_message(lease.message));
    };
    let (status_done, at, error, max): (bool, Option<i64>, Option<&str>, i64) = match outcome {
        Settle::Done => (true, None, None, 0),
        Settle::Retry {
            at,
            error,
            max_attempts,
        } => (false, Some(us(at)), Some(error), i64::from(max_attempts)),
        Settle::Dead { error } => (false, None, Some(error), 0),
    };
    // One statement: `done` when sent; otherwise dead when no retry time is given or the attempts are spent,
    // else pending again at the retry time.
    let updated = sqlx::query(
        "UPDATE outbox SET \
            status = CASE WHEN $3 THEN 'done' WHEN $4::bigint IS NULL OR attempts >= $6 THEN 'dead' \
                          ELSE 'pending' END, \
            next_attempt_at_us = CASE WHEN NOT $3 AND $4::bigint IS NOT NULL AND attempts < $6 THEN $4 \
                                      ELSE next_attempt_at_us END, \
            last_error = CASE WHEN $3 THEN last_error ELSE $5 END, \
            lease_until_us = NULL \
         WHERE id = $1 AND status = 'pending' AND attempts = $2",
    )
    .bind(id)
    .bind(i64::from(lease.token))
    .bind(status_done)
    .bind(at)
    .bind(error)
    .bind(max)
    .execute(pool)
    .await
    .map_err(|e| from_sqlx("settling an outbox message", e))?;
    if updated.rows_affected() == 1 {
        return Ok(());
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(|e| from_sqlx("reading an outbox message", e))?;
    Err(match exists {
        Some(_) => StoreError::new(
            StoreErrorKind::LeaseLost,
            format!(
                "outbox message {} is no longer held by claim {}",
                lease.message, lease.token
            ),
        ),
        None => no_message(lease.message),
    })
}

fn no_message(id: u64) -> StoreError {
    StoreError::new(StoreErrorKind::NotFound, format!("no outbox message {id}"))
}

/// Dead letters, oldest first.
pub(crate) async fn dead_letters(
    pool: &PgPool,
    limit: usize,
) -> Result<Vec<OutboxMessage>, StoreError> {
    sqlx::query(concat!(
        "SELECT ",
        outbox_columns!(),
        " FROM outbox WHERE status = 'dead' ORDER BY id LIMIT $1"
    ))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(|e| from_sqlx("reading the dead letters", e))?
    .iter()
    .map(outbox_row)
    .collect()
}

/// Puts a dead letter back in the queue.
pub(crate) async fn revive(pool: &PgPool, message: u64, now: Timestamp) -> Result<(), StoreError> {
    let not_found = || {
        StoreError::new(
            StoreErrorKind::NotFound,
            format!("no dead letter {message}"),
        )
    };
    let id = i64::try_from(message).map_err(|_| not_found())?;
    let updated = sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at_us = $2, \
                lease_until_us = NULL \
         WHERE id = $1 AND status = 'dead'",
    )
    .bind(id)
    .bind(us(now))
    .execute(pool)
    .await
    .map_err(|e| from_sqlx("reviving a dead letter", e))?;
    if updated.rows_affected() == 1 {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// One message.
pub(crate) async fn message(
    pool: &PgPool,
    message: u64,
) -> Result<Option<OutboxMessage>, StoreError> {
    let Ok(id) = i64::try_from(message) else {
        return Ok(None);
    };
    sqlx::query(concat!(
        "SELECT ",
        outbox_columns!(),
        " FROM outbox WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(|e| from_sqlx("reading an outbox message", e))?
    .as_ref()
    .map(outbox_row)
    .transpose()
}

/// How many messages are in each status.
pub(crate) async fn counts(pool: &PgPool) -> Result<hoso_core::store::OutboxCounts, StoreError> {
    let rows = sqlx::query("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        .fetch_all(pool)
        .await
        .map_err(|e| from_sqlx("counting the outbox", e))?;
    let mut counts = hoso_core::store::OutboxCounts::default();
    for row in rows {
        let status: String = get(&row, "status")?;
        let n = count(
            "outbox",
            &status,
            row.try_get("n").map_err(|e| from_sqlx("counting", e))?,
        )?;
        match hoso_core::store::OutboxStatus::parse(&status) {
            Some(hoso_core::store::OutboxStatus::Pending) => counts.pending = n,
            Some(hoso_core::store::OutboxStatus::Done) => counts.done = n,
            Some(hoso_core::store::OutboxStatus::Dead) => counts.dead = n,
            None => {
                return Err(crate::error::corrupt(
                    "outbox",
                    &status,
                    "an unknown status",
                ));
            }
        }
    }
    Ok(counts)
}
