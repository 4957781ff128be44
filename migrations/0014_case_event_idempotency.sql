ALTER TABLE `case_events` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `case_events_idempotency_key_unique` ON `case_events` (`idempotency_key`);