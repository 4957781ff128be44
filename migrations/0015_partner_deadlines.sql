CREATE TABLE `referral_deadline_steps` (
	`referral_id` integer NOT NULL,
	`step` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`run_id` text NOT NULL,
	PRIMARY KEY(`referral_id`, `step`),
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `referrals` ADD `accept_due_at` integer;--> statement-breakpoint
ALTER TABLE `referrals` ADD `accept_escalate_at` integer;--> statement-breakpoint
ALTER TABLE `referrals` ADD `outcome_due_at` integer;--> statement-breakpoint
ALTER TABLE `referrals` ADD `outcome_escalate_at` integer;--> statement-breakpoint
CREATE INDEX `referrals_by_accept_due` ON `referrals` (`accept_due_at`) WHERE accept_due_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE `partners` ADD `accept_hours` integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE `partners` ADD `outcome_hours` integer DEFAULT 40 NOT NULL;