CREATE TABLE `reporter_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claim_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reporter_messages_case_purpose` ON `reporter_messages` (`case_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `reporter_messages_due` ON `reporter_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `reporter_messages_by_claim` ON `reporter_messages` (`claim_id`);