-- Trial activation by variant, one row per enrolment day and variant.
-- Activation = first invoice approved within 14 days of the trial starting.
-- Used by: Metabase question 1842 "Trial activation by variant" -> CSV -> data/<exp>_daily.csv

WITH trials AS (
    SELECT a.account_id,
           a.trial_started_at::date            AS trial_day,
           e.variant
    FROM   accounts a
    JOIN   experiment_assignments e
           ON e.account_id = a.account_id
          AND e.experiment_id = {{experiment_id}}
    WHERE  a.trial_started_at >= {{start}}
      AND  a.trial_started_at <  {{end}}::date + 1
      AND  a.is_internal = FALSE
),
first_approval AS (
    SELECT i.account_id,
           MIN(i.approved_at) AS first_approved_at
    FROM   invoices i
    WHERE  i.approved_at IS NOT NULL
    GROUP  BY i.account_id
)
SELECT t.trial_day                                         AS date,
       t.variant,
       COUNT(*)                                            AS trials_started,
       COUNT(*) FILTER (
           WHERE f.first_approved_at < t.trial_day + INTERVAL '14 days'
       )                                                   AS activated_14d
FROM   trials t
LEFT   JOIN first_approval f USING (account_id)
GROUP  BY t.trial_day, t.variant
ORDER  BY t.trial_day, t.variant;
