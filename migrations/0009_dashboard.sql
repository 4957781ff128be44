CREATE TABLE `case_rollups` (
	`day` integer NOT NULL,
	`dim` text NOT NULL,
	`key` text NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`escalated` integer DEFAULT 0 NOT NULL,
	`handled` integer DEFAULT 0 NOT NULL,
	`within_target` integer DEFAULT 0 NOT NULL,
	`handle_minutes` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`dim`, `day`, `key`)
);
--> statement-breakpoint
CREATE TABLE `partner_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`referral_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`answer` text NOT NULL,
	`note` text,
	`at` integer NOT NULL,
	`user_id` integer NOT NULL,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_answers_by_referral` ON `partner_answers` (`referral_id`,`id`);--> statement-breakpoint
CREATE TABLE `partner_users` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`partner_id` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`partner_type` text NOT NULL,
	`contact` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_name_unique` ON `partners` (`name`);--> statement-breakpoint
CREATE TABLE `rollup_config` (
	`id` integer PRIMARY KEY NOT NULL,
	`offset_minutes` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `cases` ADD `escalated_at` integer;--> statement-breakpoint
CREATE INDEX `cases_open_dashboard` ON `cases` (`category_id`,`kelurahan_code`,`assigned_to`,`due_at`,`status`) WHERE status IN ('baru', 'ditugaskan', 'ditangani', 'dirujuk');--> statement-breakpoint
CREATE INDEX `cases_handled_dashboard` ON `cases` (`resolved_at`,`handle_minutes`,`category_id`,`kelurahan_code`,`assigned_to`);--> statement-breakpoint
ALTER TABLE `referrals` ADD `partner_id` integer;--> statement-breakpoint
CREATE INDEX `referrals_by_partner` ON `referrals` (`partner_id`,`case_id`);
--> statement-breakpoint
-- Backfill before the triggers exist: the rollups below are built once from the result.
UPDATE cases SET escalated_at = (SELECT min(at) FROM (SELECT recorded_at AS at FROM escalations WHERE case_id = cases.id AND rung >= 2
  UNION ALL SELECT at FROM referrals WHERE case_id = cases.id))
  WHERE EXISTS (SELECT 1 FROM escalations WHERE case_id = cases.id AND rung >= 2) OR EXISTS (SELECT 1 FROM referrals WHERE case_id = cases.id);
--> statement-breakpoint
-- Dashboard rollups (issue 7): every write to a case moves its share of the daily figures in the same
-- transaction, whichever code path wrote it (intake, transitions, reopen, spam, import, bulk seed).
-- A case counts once as received (day of receipt) and, while it holds a resolution, once as handled
-- (day of its last resolution); an update takes the old share out and puts the new one in.
CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases BEGIN
  INSERT INTO case_rollups (day, dim, key, received, escalated, handled, within_target, handle_minutes)
    SELECT p.day, d.dim, CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN p.category WHEN 'kelurahan' THEN p.kelurahan ELSE p.assignee END AS k,
      sum(p.received), sum(p.escalated), sum(p.handled), sum(p.within_target), sum(p.handle_minutes)
    FROM (SELECT (NEW.received_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AS day, 1 AS received, (NEW.escalated_at IS NOT NULL) AS escalated, 0 AS handled, 0 AS within_target, 0 AS handle_minutes,
        CAST(NEW.category_id AS TEXT) AS category, NEW.kelurahan_code AS kelurahan, coalesce(CAST(NEW.assigned_to AS TEXT), '') AS assignee
      UNION ALL SELECT (NEW.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000, 0, 0, 1, (NEW.resolved_at <= NEW.due_at), coalesce(NEW.handle_minutes, 0),
        CAST(NEW.category_id AS TEXT), NEW.kelurahan_code, coalesce(CAST(NEW.assigned_to AS TEXT), '') WHERE NEW.resolved_at IS NOT NULL) AS p
    CROSS JOIN (SELECT 'all' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'kelurahan' UNION ALL SELECT 'assignee') AS d
    WHERE true
    GROUP BY p.day, d.dim, k
    HAVING sum(p.received) <> 0 OR sum(p.escalated) <> 0 OR sum(p.handled) <> 0 OR sum(p.within_target) <> 0 OR sum(p.handle_minutes) <> 0
    ON CONFLICT (dim, day, key) DO UPDATE SET received = received + excluded.received, escalated = escalated + excluded.escalated,
      handled = handled + excluded.handled, within_target = within_target + excluded.within_target, handle_minutes = handle_minutes + excluded.handle_minutes;
END;
--> statement-breakpoint
CREATE TRIGGER cases_rollup_update AFTER UPDATE OF received_at, resolved_at, due_at, handle_minutes, category_id, kelurahan_code, assigned_to, escalated_at ON cases
WHEN OLD.received_at IS NOT NEW.received_at OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.due_at IS NOT NEW.due_at OR OLD.handle_minutes IS NOT NEW.handle_minutes OR OLD.category_id IS NOT NEW.category_id OR OLD.kelurahan_code IS NOT NEW.kelurahan_code OR OLD.assigned_to IS NOT NEW.assigned_to OR OLD.escalated_at IS NOT NEW.escalated_at
BEGIN
  INSERT INTO case_rollups (day, dim, key, received, escalated, handled, within_target, handle_minutes)
    SELECT p.day, d.dim, CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN p.category WHEN 'kelurahan' THEN p.kelurahan ELSE p.assignee END AS k,
      sum(p.received), sum(p.escalated), sum(p.handled), sum(p.within_target), sum(p.handle_minutes)
    FROM (SELECT (OLD.received_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AS day, -1 AS received, -(OLD.escalated_at IS NOT NULL) AS escalated, 0 AS handled, 0 AS within_target, 0 AS handle_minutes,
        CAST(OLD.category_id AS TEXT) AS category, OLD.kelurahan_code AS kelurahan, coalesce(CAST(OLD.assigned_to AS TEXT), '') AS assignee
      UNION ALL SELECT (OLD.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000, 0, 0, -1, -(OLD.resolved_at <= OLD.due_at), -coalesce(OLD.handle_minutes, 0),
        CAST(OLD.category_id AS TEXT), OLD.kelurahan_code, coalesce(CAST(OLD.assigned_to AS TEXT), '') WHERE OLD.resolved_at IS NOT NULL
      UNION ALL SELECT (NEW.received_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000 AS day, 1 AS received, (NEW.escalated_at IS NOT NULL) AS escalated, 0 AS handled, 0 AS within_target, 0 AS handle_minutes,
        CAST(NEW.category_id AS TEXT) AS category, NEW.kelurahan_code AS kelurahan, coalesce(CAST(NEW.assigned_to AS TEXT), '') AS assignee
      UNION ALL SELECT (NEW.resolved_at + coalesce((SELECT offset_minutes FROM rollup_config WHERE id = 1), 420) * 60000) / 86400000, 0, 0, 1, (NEW.resolved_at <= NEW.due_at), coalesce(NEW.handle_minutes, 0),
        CAST(NEW.category_id AS TEXT), NEW.kelurahan_code, coalesce(CAST(NEW.assigned_to AS TEXT), '') WHERE NEW.resolved_at IS NOT NULL) AS p
    CROSS JOIN (SELECT 'all' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'kelurahan' UNION ALL SELECT 'assignee') AS d
    WHERE true
    GROUP BY p.day, d.dim, k
    HAVING sum(p.received) <> 0 OR sum(p.escalated) <> 0 OR sum(p.handled) <> 0 OR sum(p.within_target) <> 0 OR sum(p.handle_minutes) <> 0
    ON CONFLICT (dim, day, key) DO UPDATE SET received = received + excluded.received, escalated = escalated + excluded.escalated,
      handled = handled + excluded.handled, within_target = within_target + excluded.within_target, handle_minutes = handle_minutes + excluded.handle_minutes;
END;
--> statement-breakpoint
-- "Escalated" for the seed-002 recap: the first time a case reached rung 2 (Kepala Dinas) or was referred.
CREATE TRIGGER escalations_mark_case AFTER INSERT ON escalations WHEN NEW.rung >= 2 BEGIN
  UPDATE cases SET escalated_at = NEW.recorded_at WHERE id = NEW.case_id AND escalated_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER referrals_mark_case AFTER INSERT ON referrals BEGIN
  UPDATE cases SET escalated_at = NEW.at WHERE id = NEW.case_id AND escalated_at IS NULL;
END;
--> statement-breakpoint
INSERT INTO case_rollups (day, dim, key, received, escalated, handled, within_target, handle_minutes)
  SELECT p.day, d.dim, CASE d.dim WHEN 'all' THEN '' WHEN 'category' THEN p.category WHEN 'kelurahan' THEN p.kelurahan ELSE p.assignee END AS k,
    sum(p.received), sum(p.escalated), sum(p.handled), sum(p.within_target), sum(p.handle_minutes)
  FROM (SELECT (received_at + 25200000) / 86400000 AS day, 1 AS received, (escalated_at IS NOT NULL) AS escalated, 0 AS handled, 0 AS within_target, 0 AS handle_minutes,
      CAST(category_id AS TEXT) AS category, kelurahan_code AS kelurahan, coalesce(CAST(assigned_to AS TEXT), '') AS assignee FROM cases
    UNION ALL SELECT (resolved_at + 25200000) / 86400000, 0, 0, 1, (resolved_at <= due_at), coalesce(handle_minutes, 0),
      CAST(category_id AS TEXT), kelurahan_code, coalesce(CAST(assigned_to AS TEXT), '') FROM cases WHERE resolved_at IS NOT NULL) AS p
  CROSS JOIN (SELECT 'all' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'kelurahan' UNION ALL SELECT 'assignee') AS d
  GROUP BY p.day, d.dim, k;
