CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`case_id` integer,
	`detail` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_by_case` ON `audit_log` (`case_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_by_actor` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`note` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_by_case` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`category_id` integer NOT NULL,
	`urgency` text NOT NULL,
	`kelurahan_code` text NOT NULL,
	`address` text NOT NULL,
	`rt` text,
	`rw` text,
	`landmark` text,
	`description` text NOT NULL,
	`reporter_name` text NOT NULL,
	`reporter_phone` text,
	`reporter_relation` text NOT NULL,
	`person_name` text NOT NULL,
	`person_nik` text,
	`person_age_group` text NOT NULL,
	`person_sex` text NOT NULL,
	`dtks_status` text NOT NULL,
	`received_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`overdue_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`assigned_to` integer,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kelurahan_code`) REFERENCES `kelurahan`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_ticket_unique` ON `cases` (`ticket`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_idempotency_key_unique` ON `cases` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `cases_open_by_due` ON `cases` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `cases_by_area` ON `cases` (`kelurahan_code`,`received_at`);--> statement-breakpoint
CREATE INDEX `cases_by_assignee` ON `cases` (`assigned_to`,`status`);--> statement-breakpoint
CREATE INDEX `cases_by_received` ON `cases` (`received_at`);--> statement-breakpoint
CREATE INDEX `cases_by_nik` ON `cases` (`person_nik`);--> statement-breakpoint
CREATE INDEX `cases_by_reporter_phone` ON `cases` (`reporter_phone`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`group_name` text,
	`target_hours` integer DEFAULT 24 NOT NULL,
	`clock` text DEFAULT 'calendar' NOT NULL,
	`default_urgency` text DEFAULT 'biasa' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_code_unique` ON `categories` (`code`);--> statement-breakpoint
CREATE TABLE `counters` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `holidays` (
	`date` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kecamatan` (
	`code` text PRIMARY KEY NOT NULL,
	`regency_code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`regency_code`) REFERENCES `regencies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `kelurahan` (
	`code` text PRIMARY KEY NOT NULL,
	`kecamatan_code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`kecamatan_code`) REFERENCES `kecamatan`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `provinces` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_start` integer NOT NULL,
	`blocked_until` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `regencies` (
	`code` text PRIMARY KEY NOT NULL,
	`province_code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`province_code`) REFERENCES `provinces`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_by_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_kelurahan` (
	`user_id` integer NOT NULL,
	`kelurahan_code` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `kelurahan_code`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kelurahan_code`) REFERENCES `kelurahan`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_kelurahan_by_area` ON `user_kelurahan` (`kelurahan_code`,`priority`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`phone` text,
	`email` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);