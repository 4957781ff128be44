ALTER TABLE `alerts` ADD `acknowledgement` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `acknowledged_at` integer;--> statement-breakpoint
CREATE INDEX `alerts_unanswered` ON `alerts` (`created_at`) WHERE kind = 'eskalasi' AND acknowledgement IS NULL;