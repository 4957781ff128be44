CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	`revoked_at` integer,
	`revoked_by` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`answered_at` integer NOT NULL,
	`u1` integer NOT NULL,
	`u2` integer NOT NULL,
	`u3` integer NOT NULL,
	`u4` integer NOT NULL,
	`u5` integer NOT NULL,
	`u6` integer NOT NULL,
	`u7` integer NOT NULL,
	`u8` integer NOT NULL,
	`u9` integer NOT NULL,
	`suggestion` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_case_id_unique` ON `survey_responses` (`case_id`);--> statement-breakpoint
CREATE INDEX `survey_responses_by_time` ON `survey_responses` (`answered_at`);