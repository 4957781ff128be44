CREATE TABLE `case_handle_buckets` (
	`day` integer NOT NULL,
	`dim` text NOT NULL,
	`key` text NOT NULL,
	`buckets` blob NOT NULL,
	PRIMARY KEY(`dim`, `day`, `key`)
);

--> statement-breakpoint
-- The median's histograms (issue 25): each resolved case with a handling time counts once in the
-- bucket of its minutes (domain/figures.ts handleBuckets: 15 minutes below 48 h, 1 hour below 7 days,
-- 1 day beyond; written out below, test/db/handle-buckets.test.ts holds the two to the same result)
-- on the day of its last resolution, for all four dimensions, in the same transaction as the write.
-- The day is cut as 0009's triggers cut it; a zone change rebuilds both (queries/dashboard.ts).
CREATE TRIGGER cases_buckets_insert AFTER INSERT ON cases WHEN NEW.resolved_at IS NOT NULL AND NEW.handle_minutes IS NOT NULL BEGIN
  INSERT INTO case_handle_buckets (day, dim, key, buckets)
    SELECT (NEW.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000, d.column1, d.column2, jsonb_object(CAST(CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END AS TEXT), 1)
    FROM (VALUES ('all', ''), ('category', CAST(NEW.category_id AS TEXT)), ('kelurahan', NEW.kelurahan_code), ('assignee', coalesce(CAST(NEW.assigned_to AS TEXT), ''))) AS d
    WHERE NEW.resolved_at IS NOT NULL AND NEW.handle_minutes IS NOT NULL
    ON CONFLICT (dim, day, key) DO UPDATE SET
      buckets = jsonb_set(buckets, '$."' || (CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END) || '"', coalesce(json_extract(buckets, '$."' || (CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END) || '"'), 0) + 1);
END;
--> statement-breakpoint
CREATE TRIGGER cases_buckets_update AFTER UPDATE OF resolved_at, handle_minutes, category_id, kelurahan_code, assigned_to ON cases
WHEN OLD.resolved_at IS NOT NEW.resolved_at OR OLD.handle_minutes IS NOT NEW.handle_minutes OR OLD.category_id IS NOT NEW.category_id
  OR OLD.kelurahan_code IS NOT NEW.kelurahan_code OR OLD.assigned_to IS NOT NEW.assigned_to
BEGIN
  UPDATE case_handle_buckets SET buckets = CASE WHEN json_extract(buckets, '$."' || (CASE WHEN max(0, OLD.handle_minutes) < 2880 THEN max(0, OLD.handle_minutes) / 15 WHEN max(0, OLD.handle_minutes) < 10080 THEN 192 + (max(0, OLD.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, OLD.handle_minutes) - 10080) / 1440 END) || '"') > 1
      THEN jsonb_set(buckets, '$."' || (CASE WHEN max(0, OLD.handle_minutes) < 2880 THEN max(0, OLD.handle_minutes) / 15 WHEN max(0, OLD.handle_minutes) < 10080 THEN 192 + (max(0, OLD.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, OLD.handle_minutes) - 10080) / 1440 END) || '"', json_extract(buckets, '$."' || (CASE WHEN max(0, OLD.handle_minutes) < 2880 THEN max(0, OLD.handle_minutes) / 15 WHEN max(0, OLD.handle_minutes) < 10080 THEN 192 + (max(0, OLD.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, OLD.handle_minutes) - 10080) / 1440 END) || '"') - 1)
      ELSE jsonb_remove(buckets, '$."' || (CASE WHEN max(0, OLD.handle_minutes) < 2880 THEN max(0, OLD.handle_minutes) / 15 WHEN max(0, OLD.handle_minutes) < 10080 THEN 192 + (max(0, OLD.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, OLD.handle_minutes) - 10080) / 1440 END) || '"') END
    WHERE OLD.resolved_at IS NOT NULL AND OLD.handle_minutes IS NOT NULL AND day = (OLD.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AND (dim, key) IN (VALUES ('all', ''), ('category', CAST(OLD.category_id AS TEXT)), ('kelurahan', OLD.kelurahan_code), ('assignee', coalesce(CAST(OLD.assigned_to AS TEXT), '')));
  DELETE FROM case_handle_buckets WHERE json(buckets) = '{}' AND OLD.resolved_at IS NOT NULL AND day = (OLD.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AND (dim, key) IN (VALUES ('all', ''), ('category', CAST(OLD.category_id AS TEXT)), ('kelurahan', OLD.kelurahan_code), ('assignee', coalesce(CAST(OLD.assigned_to AS TEXT), '')));
  INSERT INTO case_handle_buckets (day, dim, key, buckets)
    SELECT (NEW.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000, d.column1, d.column2, jsonb_object(CAST(CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END AS TEXT), 1)
    FROM (VALUES ('all', ''), ('category', CAST(NEW.category_id AS TEXT)), ('kelurahan', NEW.kelurahan_code), ('assignee', coalesce(CAST(NEW.assigned_to AS TEXT), ''))) AS d
    WHERE NEW.resolved_at IS NOT NULL AND NEW.handle_minutes IS NOT NULL
    ON CONFLICT (dim, day, key) DO UPDATE SET
      buckets = jsonb_set(buckets, '$."' || (CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END) || '"', coalesce(json_extract(buckets, '$."' || (CASE WHEN max(0, NEW.handle_minutes) < 2880 THEN max(0, NEW.handle_minutes) / 15 WHEN max(0, NEW.handle_minutes) < 10080 THEN 192 + (max(0, NEW.handle_minutes) - 2880) / 60 ELSE 312 + (max(0, NEW.handle_minutes) - 10080) / 1440 END) || '"'), 0) + 1);
END;
--> statement-breakpoint
-- Backfill: the cases already there.
INSERT INTO case_handle_buckets (day, dim, key, buckets)
  SELECT day, dim, k, jsonb_group_object(CAST(i AS TEXT), n)
  FROM (SELECT c.day, d.dim, CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN CAST(c.category_id AS TEXT) WHEN 'kelurahan' THEN c.kelurahan_code ELSE coalesce(CAST(c.assigned_to AS TEXT), '') END AS k, c.i, count(*) AS n
    FROM (SELECT (cases.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AS day, CASE WHEN max(0, handle_minutes) < 2880 THEN max(0, handle_minutes) / 15 WHEN max(0, handle_minutes) < 10080 THEN 192 + (max(0, handle_minutes) - 2880) / 60 ELSE 312 + (max(0, handle_minutes) - 10080) / 1440 END AS i, category_id, kelurahan_code, assigned_to
      FROM cases WHERE resolved_at IS NOT NULL AND handle_minutes IS NOT NULL) AS c
    CROSS JOIN (SELECT 'all' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'kelurahan' UNION ALL SELECT 'assignee') AS d
    GROUP BY c.day, d.dim, k, c.i)
  GROUP BY day, dim, k;
