CREATE TABLE `alert_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`whatsapp` integer DEFAULT false NOT NULL,
	`email` integer DEFAULT false NOT NULL,
	`webhook` integer DEFAULT false NOT NULL,
	`quiet_start` text,
	`quiet_end` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`case_id` integer,
	`rung` integer,
	`digest_day` text,
	`note` text,
	`urgent` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`run_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_dedupe_key_unique` ON `alerts` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `alerts_by_user` ON `alerts` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `alerts_by_run` ON `alerts` (`run_id`);--> statement-breakpoint
CREATE TABLE `digests` (
	`day` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`run_id` text NOT NULL,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `escalation_rungs` (
	`rung` integer PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`after_hours` integer DEFAULT 0 NOT NULL,
	`target_percent` integer,
	`notify_assignee` integer DEFAULT false NOT NULL,
	`roles` text DEFAULT '[]' NOT NULL,
	`user_ids` text DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`rung` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`run_id` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_case_rung` ON `escalations` (`case_id`,`rung`);--> statement-breakpoint
CREATE INDEX `escalations_by_run` ON `escalations` (`run_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claim_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_alert_channel` ON `outbox` (`alert_id`,`channel`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_by_claim` ON `outbox` (`claim_id`);