ALTER TABLE `outbox` ADD `remote_status` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `remote_status_at` integer;