CREATE TABLE `import_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`content` text NOT NULL,
	`mapping` text,
	`uploaded_by` integer,
	`uploaded_at` integer NOT NULL,
	`imported_at` integer,
	`imported_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_uploads_by_time` ON `import_uploads` (`uploaded_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;