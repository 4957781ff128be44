CREATE TABLE `case_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`event_id` integer,
	`storage_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded_by` integer,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_photos_storage_key_unique` ON `case_photos` (`storage_key`);--> statement-breakpoint
CREATE INDEX `case_photos_by_case` ON `case_photos` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `event_locations` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`accuracy_m` integer,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`event_id` integer,
	`partner_type` text NOT NULL,
	`partner_name` text NOT NULL,
	`request` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referrals_by_case` ON `referrals` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `surat_tugas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`case_id` integer NOT NULL,
	`officer_id` integer NOT NULL,
	`issued_by` integer,
	`issued_at` integer NOT NULL,
	`code` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surat_tugas_number_unique` ON `surat_tugas` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `surat_tugas_code_unique` ON `surat_tugas` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `surat_tugas_case_officer` ON `surat_tugas` (`case_id`,`officer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `surat_tugas_year_seq` ON `surat_tugas` (`year`,`seq`);--> statement-breakpoint
ALTER TABLE `cases` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `handle_minutes` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `duplicate_of` integer;