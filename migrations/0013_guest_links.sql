CREATE TABLE `guest_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`event_id` integer,
	`answer` text NOT NULL,
	`at` integer NOT NULL,
	`idem` text NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `guest_links`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guest_answers_idem_unique` ON `guest_answers` (`idem`);--> statement-breakpoint
CREATE INDEX `guest_answers_by_link` ON `guest_answers` (`link_id`,`id`);--> statement-breakpoint
CREATE TABLE `guest_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`contact_id` integer,
	`contact_name` text NOT NULL,
	`contact_role` text NOT NULL,
	`contact_phone` text NOT NULL,
	`ask` text NOT NULL,
	`token_hash` text NOT NULL,
	`idem` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `guest_links_token_hash_unique` ON `guest_links` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `guest_links_idem_unique` ON `guest_links` (`idem`);--> statement-breakpoint
CREATE INDEX `guest_links_by_case` ON `guest_links` (`case_id`,`id`);