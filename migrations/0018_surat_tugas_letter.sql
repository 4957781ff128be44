CREATE TABLE `surat_tugas_requests` (
	`case_id` integer NOT NULL,
	`officer_id` integer NOT NULL,
	`requested_at` integer NOT NULL,
	PRIMARY KEY(`case_id`, `officer_id`),
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`officer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `users` ADD `nip` text;--> statement-breakpoint
ALTER TABLE `users` ADD `position` text;--> statement-breakpoint
ALTER TABLE `users` ADD `rank` text;--> statement-breakpoint
ALTER TABLE `surat_tugas` ADD `content` text;