CREATE TABLE `dtks_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`sent_on` text NOT NULL,
	`sent_to` text NOT NULL,
	`outcome` text DEFAULT 'menunggu' NOT NULL,
	`outcome_at` integer,
	`idem` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dtks_proposals_idem_unique` ON `dtks_proposals` (`idem`);--> statement-breakpoint
CREATE INDEX `dtks_proposals_by_case` ON `dtks_proposals` (`case_id`,`id`);--> statement-breakpoint
CREATE INDEX `dtks_proposals_by_created` ON `dtks_proposals` (`created_at`);