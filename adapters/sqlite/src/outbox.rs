//! The outbox's claims, completions, retries and dead letters, each in its own write transaction.

use hoso_core::store::{Claimed, DestinationKind, Lease, OutboxPolicy, StoreError, StoreErrorKind};
use jiff::Timestamp;
use sqlx::SqliteConnection;

use crate::error::from_sqlx;
use crate::rows::{outbox_row, us};

/// Claims due messages of `kind` not held by a live lease: each claim counts an attempt; a message already
/// claimed `max_attempts` times becomes a dead letter instead.
pub(crate) async fn claim(
    tx: &mut SqliteConnection,
    kind: DestinationKind,
    now: Timestamp,
    policy: OutboxPolicy,
) -> Result<Vec<Claimed>, StoreError> {
    let until = now
        .checked_add(policy.lease)
        .map_err(|e| StoreError::new(StoreErrorKind::Invalid, format!("lease: {e}")))?;
    let now_us = us(now);
    let rows = sqlx::query(
        "SELECT * FROM outbox
         WHERE status = 'pending' AND kind = ?1
           AND (next_attempt_at_us IS NULL OR next_attempt_at_us <= ?2)
           AND (lease_until_us IS NULL OR lease_until_us <= ?2)
         ORDER BY id LIMIT ?3",
    )
    .bind(kind.as_str())
    .bind(now_us)
    .bind(i64::try_from(policy.batch).unwrap_or(i64::MAX))
    .fetch_all(&mut *tx)
    .await
    .map_err(|e| from_sqlx("selecting due outbox messages", e))?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut message = outbox_row(row)?;
        let id = i64::try_from(message.id).unwrap_or(i64::MAX);
        if message.attempts >= policy.max_attempts {
            sqlx::query("UPDATE outbox SET status = 'dead', lease_until_us = NULL WHERE id = ?1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|e| from_sqlx("dead-lettering an outbox message", e))?;
            continue;
        }
        message.attempts += 1;
        sqlx::query("UPDATE outbox SET attempts = ?2, lease_until_us = ?3 WHERE id = ?1")
            .bind(id)
            .bind(i64::from(message.attempts))
            .bind(us(until))
            .execute(&mut *tx)
            .await
            .map_err(|e| from_sqlx("claiming an outbox message", e))?;
        let lease = Lease {
            message: message.id,
            token: message.attempts,
            until,
        };
        claimed.push(Claimed { message, lease });
    }
    Ok(claimed)
}

/// How a claim ends.
pub(crate) enum Finish {
    Done,
    Retry {
        at: Timestamp,
        error: String,
        max_attempts: u32,
    },
    Dead {
        error: String,
    },
}

/// Ends the claim `lease` if it still holds its message (pending, not claimed again since).
pub(crate) async fn finish(
    tx: &mut SqliteConnection,
    lease: Lease,
    finish: Finish,
) -> Result<(), StoreError> {
    let id = i64::try_from(lease.message).unwrap_or(i64::MAX);
    let token = i64::from(lease.token);
    let query = match &finish {
        Finish::Done => sqlx::query(
            "UPDATE outbox SET status = 'done', lease_until_us = NULL
             WHERE id = ?1 AND status = 'pending' AND attempts = ?2",
        )
        .bind(id)
        .bind(token),
        Finish::Retry {
            at,
            error,
            max_attempts,
        } => sqlx::query(
            "UPDATE outbox SET lease_until_us = NULL, last_error = ?3,
                 status = CASE WHEN attempts >= ?5 THEN 'dead' ELSE 'pending' END,
                 next_attempt_at_us = CASE WHEN attempts >= ?5 THEN next_attempt_at_us ELSE ?4 END
             WHERE id = ?1 AND status = 'pending' AND attempts = ?2",
        )
        .bind(id)
        .bind(token)
        .bind(error.clone())
        .bind(us(*at))
        .bind(i64::from(*max_attempts)),
        Finish::Dead { error } => sqlx::query(
            "UPDATE outbox SET status = 'dead', lease_until_us = NULL, last_error = ?3
             WHERE id = ?1 AND status = 'pending' AND attempts = ?2",
        )
        .bind(id)
        .bind(token)
        .bind(error.clone()),
    };
    let done = query
        .execute(&mut *tx)
        .await
        .map_err(|e| from_sqlx("ending an outbox claim", e))?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM outbox WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| from_sqlx("reading an outbox message", e))?;
    Err(if exists.is_some() {
        StoreError::new(
            StoreErrorKind::LeaseLost,
            format!(
                "outbox message {} is no longer held by claim {}",
                lease.message, lease.token
            ),
        )
    } else {
        StoreError::new(
            StoreErrorKind::NotFound,
            format!("no outbox message {}", lease.message),
        )
    })
}

/// Puts a dead letter back in the queue, attempts reset.
pub(crate) async fn revive(
    tx: &mut SqliteConnection,
    message: u64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at_us = ?2, lease_until_us = NULL
         WHERE id = ?1 AND status = 'dead'",
    )
    .bind(i64::try_from(message).unwrap_or(i64::MAX))
    .bind(us(now))
    .execute(&mut *tx)
    .await
    .map_err(|e| from_sqlx("reviving a dead letter", e))?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::new(
            StoreErrorKind::NotFound,
            format!("no dead letter {message}"),
        ))
    }
}
